import type { FastifyBaseLogger, FastifyRequest } from 'fastify'
import { type AccessRequest, UrlParseError } from '../../core/access-request.js'
import { type AdapterInstance, type AdapterTools, defineAdapter } from '../../core/adapter.js'
import { canonicalAddress } from '../../core/address.js'
import { type CannotCarryOut, cannotRedirect } from '../../core/decision.js'
import type { NginxRtmpAdapterConfig, PublishConfig } from '../../generated/config.js'
import type { NginxRtmpNotify } from '../../generated/nginx-rtmp/notify.js'
import { hashStreamKey } from '../../publish/stream-key.js'
import { schemaById, wireValidator } from '../../schemas.js'
import { hookAuthenticator } from '../hook-auth.js'
import { ConnectionClaims, type Holding } from './connection-claims.js'
import { nginxRtmpFuzz } from './fuzz.js'
import { DONE_CALLS, field, isOwnRelay, publishKey, toAccessRequest, toPublishRequest } from './translate.js'

const ADAPTER = 'nginx-rtmp'

type NginxRtmpOptions = NginxRtmpAdapterConfig & Pick<PublishConfig, 'keyArg'>

/** 2xx goes on, 3xx renames (publish) or redirects (play), anything else disconnects the client. */
interface Answer {
  status: 200 | 302 | 403
  location?: string
}

/**
 * A Location nginx-rtmp reads back whole: it skips leading spaces, cuts the value after 254 characters, and reads a
 * blank one as no redirect at all, so the viewer would play the stream asked for (ngx_rtmp_notify_parse_http_header).
 */
const READ_WHOLE = /^[\x21-\x7e]{1,254}$/
/**
 * An rtmp:// Location is no redirect for a viewer: nginx-rtmp pulls that stream into the one the viewer asked for
 * and plays that name (ngx_rtmp_notify_play_handle), which may be live with what the rules refused.
 */
const RELAY_LOCATION = /^rtmp:\/\//i

const ALLOW: Answer = { status: 200 }
const REFUSE: Answer = { status: 403 }

/**
 * Which nginx sent a hook: the hook URL's `server` argument (`on_play http://sg/nginx-rtmp?server=edge1`)
 * when several share an address, else the address it calls from.
 */
function serverOf (request: FastifyRequest): string {
  const server = (request.query as Record<string, unknown> | undefined)?.server
  return typeof server === 'string' ? `name:${server}` : `addr:${request.ip}`
}

function callOf (body: unknown): string {
  const call = (body as { call?: unknown } | null | undefined)?.call
  return typeof call === 'string' ? call : ''
}

const PLAY_CALLS: ReadonlySet<string> = new Set(['play', 'update_play'])
const PUBLISH_CALLS: ReadonlySet<string> = new Set(['publish', 'update_publish'])
const UPDATE_CALLS: ReadonlySet<string> = new Set(['update_play', 'update_publish'])

/**
 * The client's address, canonical. nginx-rtmp's own relays (push, pull) play with its flashver and their
 * target in `addr` (`127.0.0.1:1935/hls-live`, `unix:...`, `ngx-relay`), which no network client can
 * have: they play from the media server's host, the hook's peer. Undefined when there is no address.
 */
function clientAddress (body: NginxRtmpNotify, request: FastifyRequest): string | undefined {
  const ip = canonicalAddress(field(body, 'addr'))
  if (!PLAY_CALLS.has(callOf(body)) || !isOwnRelay(body)) return ip
  return canonicalAddress(request.socket.remoteAddress ?? '')
}

/**
 * nginx-rtmp's notify hooks, all on one route dispatching on `call`. A call that is not nginx-rtmp's
 * (hookAuth) is refused (403), and so is a hook that cannot be read or has no client address, except the
 * `*_done` hooks, whose answer nginx ignores: they always get 200.
 */
function build ({ app, config: section, settings, authorize, refuse }: AdapterTools<NginxRtmpAdapterConfig>): AdapterInstance {
  const config: NginxRtmpOptions = { ...section, keyArg: settings.publish.keyArg }
  // three updates missed: the connection is gone
  const claims = new ConnectionClaims(app.store, 3 * config.notifyUpdateSeconds * 1000)
  const authenticate = hookAuthenticator(config.hookAuth, 'adapters.nginxRtmp.hookAuth')

  const validate = wireValidator('nginx-rtmp/notify')
  function explain (message: unknown): AccessRequest | { refused: string } {
    if (!validate(message)) return { refused: 'invalid-message' }
    const call = (message as NginxRtmpNotify).call
    if (!PLAY_CALLS.has(call) && !PUBLISH_CALLS.has(call)) return { refused: 'not-a-play-or-publish-hook' }
    const ip = canonicalAddress(field(message as NginxRtmpNotify, 'addr'))
    if (ip === undefined) return { refused: 'bad-address' }
    try {
      return PUBLISH_CALLS.has(call) ? publisherRequest(message as NginxRtmpNotify, ip) : viewerRequest(message as NginxRtmpNotify, ip)
    } catch (err) {
      return { refused: err instanceof UrlParseError ? err.reason : 'bad-url' }
    }
  }

  /** A viewer's hook as an AccessRequest from the canonical address; `server` identifies the nginx (serverOf). */
  const viewerRequest = (body: NginxRtmpNotify, ip: string, server = ''): AccessRequest => ({ ...toAccessRequest(body, server, config.vodApps), ip })
  const publisherRequest = (body: NginxRtmpNotify, ip: string, server = ''): AccessRequest => ({ ...toPublishRequest(body, config.keyArg, server), ip })

  // a publish is decided like any request; only an allow publishes, under the public name the rules gave
  async function publish (body: NginxRtmpNotify, ip: string, log: FastifyBaseLogger, server: string): Promise<Answer> {
    const decision = await app.authorize(publisherRequest(body, ip, server), { adapter: ADAPTER, log, cannotCarryOut: cannotRedirect })
    if (decision.outcome !== 'allow') return REFUSE
    const name = decision.stream
    if (name === undefined) return ALLOW
    // the publish is allowed: a live-status write that fails must not cut the streamer off
    await app.streamKeys.goLive(name, hashStreamKey(publishKey(body, config.keyArg)), ip)
      .catch((err: unknown) => { log.error({ err, stream: name }, 'could not mark the stream live') })
    if (config.redirect === 'when-renamed' && field(body, 'name') === name) return ALLOW
    return { status: 302, location: name }
  }

  // decided (and keys counted) like a publish: a re-authorization must be no free oracle for guessing keys
  async function updatePublish (body: NginxRtmpNotify, ip: string, log: FastifyBaseLogger, server: string): Promise<Answer> {
    const decision = await app.authorize(publisherRequest(body, ip, server), { adapter: ADAPTER, log, cannotCarryOut: cannotRedirect })
    return decision.outcome === 'allow' ? ALLOW : REFUSE
  }

  /**
   * What nginx-rtmp cannot do with a viewer. nginx-rtmp names the stream asked for in every update: a viewer redirected
   * at play watches where it was sent, and goes on only while the rules still send it there; an update cannot move a
   * viewer, only end it. Only a play that has just taken its connection can be sent elsewhere: one that joined a stream
   * stays on it.
   */
  function playRefusal (update: boolean, { taken, redirect }: Holding, log?: FastifyBaseLogger): CannotCarryOut {
    return decision => {
      if (update && redirect !== undefined) return decision.outcome === 'redirect' && decision.location === redirect ? undefined : 'redirect-changed'
      if (decision.outcome !== 'redirect') return undefined
      if (update || taken !== 'taken') return 'cannot-redirect'
      if (RELAY_LOCATION.test(decision.location)) {
        log?.error({ adapter: ADAPTER, rule: decision.rule }, 'a redirect to rtmp:// would play the stream asked for (nginx-rtmp pulls it in under that name): give a stream name; answered 403')
        return 'bad-redirect-location'
      }
      if (!READ_WHOLE.test(decision.location)) {
        log?.error({ adapter: ADAPTER, rule: decision.rule }, 'redirect location nginx-rtmp cannot read whole (1 to 254 visible ASCII characters, no spaces); answered 403')
        return 'bad-redirect-location'
      }
      return undefined
    }
  }

  async function play (body: NginxRtmpNotify, ip: string, log: FastifyBaseLogger, server: string, update: boolean, holding: Holding): Promise<Answer> {
    const decision = await authorize(viewerRequest(body, ip, server), log, playRefusal(update, holding, log))
    if (decision.outcome !== 'redirect') return decision.outcome === 'allow' ? ALLOW : REFUSE
    // an update still sent where its play was: it goes on there
    if (update) return ALLOW
    await claims.redirected(body, server, decision.location).catch((err: unknown) => { log.error({ err, adapter: ADAPTER }, 'could not record where the play was redirected: its first update will end it') })
    return { status: 302, location: decision.location }
  }

  // a connection is neither play nor publish yet: those hooks decide (an address guessing keys is refused at publish)
  const connect = async (): Promise<Answer> => ALLOW

  async function ended (body: NginxRtmpNotify, log: FastifyBaseLogger, server: string): Promise<void> {
    const call = callOf(body)
    // the connection is closed: its number may carry another stream (nginx numbers connections anew after a restart)
    if (call === 'disconnect') {
      await claims.release(body, server)
      return
    }
    // on_done comes for viewers and publishers alike
    if (call !== 'publish_done') await app.endSession(toAccessRequest(body, server, config.vodApps), { log })
    if (call === 'play_done') return
    const name = await app.streamKeys.goOffline(hashStreamKey(publishKey(body, config.keyArg)))
    if (name !== undefined) log.info({ adapter: ADAPTER, stream: name }, 'stream offline')
  }

  const hooks: Record<Exclude<NginxRtmpNotify['call'], 'publish_done' | 'play_done' | 'done' | 'disconnect'>, (body: NginxRtmpNotify, ip: string, log: FastifyBaseLogger, server: string, holding: Holding) => Promise<Answer>> = {
    connect,
    publish,
    update_publish: updatePublish,
    play: async (body, ip, log, server, holding) => await play(body, ip, log, server, false, holding),
    update_play: async (body, ip, log, server, holding) => await play(body, ip, log, server, true, holding)
  }

  return {
    authenticate,
    explain,
    // as explain knows a hook: a play on a connection of its own, an update of a play never redirected
    cannotCarryOut (access, log) {
      if (access.action === 'publish') return cannotRedirect
      const update = UPDATE_CALLS.has(callOf(access.raw))
      return playRefusal(update, { taken: update ? 'held' : 'taken' }, log)
    },
    routes: [{
      method: 'POST',
      url: config.path,
      schema: { body: schemaById('nginx-rtmp/notify') },
      // a *_done hook is answered 200 however it reads
      validationReaches: true,
      handler: async (request, reply) => {
        const body = request.body as NginxRtmpNotify
        const call = callOf(body)
        if (DONE_CALLS.has(call)) {
          if (request.validationError === undefined) {
            await ended(body, request.log, serverOf(request)).catch((err: unknown) => { request.log.error({ err, call }, 'could not record the end of a session') })
          }
          return await reply.code(200).send()
        }
        if (request.validationError !== undefined) return refuse(request, reply, 'invalid-message', request.validationError.message)
        // refused before anything counts or stores it: one host is one address, and garbage is none
        const ip = clientAddress(body, request)
        if (ip === undefined) return refuse(request, reply, 'bad-address', 'addr is missing or no IP address')
        const server = serverOf(request)
        const action = PLAY_CALLS.has(call) ? 'play' : PUBLISH_CALLS.has(call) ? 'publish' : undefined
        let holding: Holding = { taken: 'unchecked' }
        if (action !== undefined) {
          // a store that fails leaves the hook to the rules, as every rule that needs no store still decides
          const credential = action === 'publish' ? hashStreamKey(publishKey(body, config.keyArg)) : undefined
          holding = await claims.take(body, server, action, credential).catch((err: unknown): Holding => {
            request.log.error({ err, adapter: ADAPTER }, 'could not check what the connection already plays or publishes: decided without that check')
            return { taken: 'unchecked' }
          })
          if (holding.taken === 'in-use') return refuse(request, reply, 'connection-in-use', 'the connection already plays or publishes another stream, which nginx-rtmp keeps it on')
        }
        // a play or publish refused frees the connection it took: nginx closes it
        const release = async (): Promise<void> => {
          if (holding.taken === 'taken' && !UPDATE_CALLS.has(call)) await claims.release(body, server).catch((err: unknown) => { request.log.error({ err, adapter: ADAPTER }, 'could not free the connection\'s stream') })
        }
        // a name that makes no canonical path throws UrlParseError: the host refuses it
        const answer = await hooks[call as keyof typeof hooks](body, ip, request.log, server, holding).catch(async (err: unknown) => {
          await release()
          throw err
        })
        if (answer.status === REFUSE.status) await release()
        if (answer.status === ALLOW.status && UPDATE_CALLS.has(call)) {
          await claims.refresh(body, server).catch((err: unknown) => { request.log.error({ err, adapter: ADAPTER }, 'could not keep the connection\'s stream') })
        }
        if (answer.location !== undefined) reply.header('location', answer.location)
        return await reply.code(answer.status).send()
      }
    }]
  }
}

export const nginxRtmpAdapter = defineAdapter<NginxRtmpAdapterConfig>({
  id: ADAPTER,
  configKey: 'nginxRtmp',
  configSchema: schemaById('nginx-rtmp/config'),
  dependencies: ['streamgate-publish'],
  // nginx-rtmp always sends a form: every body is read as one, so even a mislabelled *_done is recognised
  body: 'form',
  publishes: true,
  refusedAction: request => PUBLISH_CALLS.has(callOf(request.body)) ? 'publish' : undefined,
  // nginx ignores the answer to a *_done hook; a forged call (refused before its body is read) has no call
  refusal: (reply, _reason, request) => reply.code(DONE_CALLS.has(callOf(request.body)) ? 200 : 403).send(),
  build,
  fuzz: nginxRtmpFuzz
})
