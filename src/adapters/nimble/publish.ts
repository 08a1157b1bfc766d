import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import type { AccessRequest } from '../../core/access-request.js'
import { canonicalAddress } from '../../core/address.js'
import { canonicalNamePath, requestPathFor } from '../../core/canonical-path.js'
import type { NimblePublishConfig } from '../../generated/config.js'
import type { NimblePublishAuthItem } from '../../generated/nimble/publish-auth-item.js'
import type { NimblePublishAuthRequest } from '../../generated/nimble/publish-auth-request.js'
import type { NimblePublishAuthResponse } from '../../generated/nimble/publish-auth-response.js'
import { schemaById, wireValidator } from '../../schemas.js'
import { hookAuthenticator } from '../hook-auth.js'

const ADAPTER = 'nimble-publish'

type ItemAnswer = NimblePublishAuthResponse['PublishAuthResponse'][number]

function seqOf (item: unknown): string | undefined {
  const seq = (item as { seq?: unknown } | null)?.seq
  return typeof seq === 'string' || (typeof seq === 'number' && Number.isFinite(seq)) ? String(seq) : undefined
}

/** `app/stream` as Nimble sends it: the public name is what follows the application. */
function splitStream (stream: string): { path: string, app: string, name: string } {
  const path = '/' + stream.replace(/^\/+/, '')
  const slash = path.indexOf('/', 1)
  return slash === -1 ? { path, app: path.slice(1), name: '' } : { path, app: path.slice(1, slash), name: path.slice(slash + 1) }
}

/**
 * An item as an AccessRequest for `app/stream`, or why it is refused. Nimble publishes under the name as it is
 * (it cannot rename): one that reads as another path (live/x/../vip) is refused, and so is an `ip` that is
 * missing or no address. The id (the key) and publishsign go into `publish`, never into the URL. Nimble does
 * not say which protocol publishes (RTMP, RTSP, SRT, WebRTC): the protocol is UNKNOWN.
 */
export function toPublishRequest (item: NimblePublishAuthItem): AccessRequest | { refused: string, detail: string } {
  const { id, stream, publishsign } = item
  const ip = canonicalAddress(item.ip ?? '')
  if (ip === undefined) return { refused: 'bad-address', detail: 'ip is missing or no IP address' }
  const { path, app, name } = splitStream(stream)
  const canonical = canonicalNamePath(path)
  if ('refused' in canonical) return canonical
  return {
    action: 'publish',
    protocol: 'UNKNOWN',
    host: '',
    url: { href: new URL(requestPathFor(path), 'rtmp://localhost').href, path, app, stream: name, query: {} },
    ip,
    userAgent: '',
    referer: '',
    sessionId: '',
    publish: { key: id, ...(publishsign === undefined ? {} : { publishSign: publishsign }), canRename: false },
    raw: item
  }
}

/**
 * Nimble's publish control: each item of the batch is decided on its own by the policy chain (a publish
 * policy with the stream-key rule: the id is the key, whose public name must be the stream published) and
 * answered by seq. A bad item fails alone; an unreadable batch is a 400; a call that is not Nimble's (hookAuth)
 * a 403.
 */
const nimblePublish: FastifyPluginAsync<NimblePublishConfig> = async (app, config) => {
  const authenticate = hookAuthenticator(config.hookAuth, 'adapters.nimblePublish.hookAuth')
  const validItem = wireValidator('nimble/publish-auth-item')

  function read (item: unknown): AccessRequest | { refused: string, detail: string } {
    return validItem(item) ? toPublishRequest(item as NimblePublishAuthItem) : { refused: 'invalid-item', detail: validItem.errors?.[0]?.message ?? '' }
  }
  app.addExplainer(ADAPTER, item => read(item))

  async function answer (item: unknown, log: FastifyBaseLogger): Promise<ItemAnswer['status']> {
    const request = read(item)
    if ('refused' in request) {
      log.warn({ adapter: ADAPTER, detail: request.detail }, 'nimble publish item refused')
      app.recordRefusal({ adapter: ADAPTER, action: 'publish', reason: request.refused, log })
      return 'fail'
    }
    const decision = await app.authorize(request, { adapter: ADAPTER, log })
    // Nimble cannot rename: an allow that names another stream is no allow for this one
    return decision.outcome === 'allow' && (decision.stream === undefined || decision.stream === request.url.stream) ? 'success' : 'fail'
  }

  app.addHook('onRequest', async (request, reply) => {
    const refused = authenticate(request)
    if (refused === undefined) return
    request.log.warn({ adapter: ADAPTER, reason: refused }, 'nimble publish request refused')
    app.recordRefusal({ adapter: ADAPTER, reason: refused, log: request.log })
    return await reply.code(403).send()
  })

  // Nimble's Content-Type is undocumented: read any body as JSON.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'))

  app.setErrorHandler(async (err: Error & { code?: string }, request, reply) => {
    request.log.warn({ adapter: ADAPTER, detail: `${err.code ?? 'ERROR'}: ${err.message}` }, 'nimble publish request refused')
    return await reply.code(400).send({ PublishAuthResponse: [] })
  })

  app.post<{ Body: NimblePublishAuthRequest }>(config.path, {
    schema: { body: schemaById('nimble/publish-auth-request'), response: { 200: schemaById('nimble/publish-auth-response') } }
  }, async request => {
    const answers: ItemAnswer[] = []
    // one after another: a right key's counted attempt is taken back before the next item of its host is counted
    for (const item of request.body.PublishAuthRequest) {
      const seq = seqOf(item)
      if (seq === undefined) {
        request.log.warn({ adapter: ADAPTER }, 'nimble publish item without a seq cannot be answered')
        continue
      }
      answers.push({ seq, status: await answer(item, request.log) })
    }
    return { PublishAuthResponse: answers }
  })
}

export default fp(nimblePublish, {
  name: 'streamgate-adapter-nimble-publish',
  fastify: '5.x',
  dependencies: ['streamgate-policy', 'streamgate-explain'],
  encapsulate: true
})
