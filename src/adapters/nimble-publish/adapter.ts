import type { FastifyBaseLogger } from 'fastify'
import type { AccessRequest } from '../../core/access-request.js'
import { type AdapterInstance, type AdapterTools, defineAdapter } from '../../core/adapter.js'
import { canonicalAddress } from '../../core/address.js'
import { neitherRedirectNorRename } from '../../core/decision.js'
import { canonicalNamePath, requestPathFor } from '../../core/canonical-path.js'
import type { NimblePublishConfig } from '../../generated/nimble-publish/config.js'
import type { NimblePublishAuthItem } from '../../generated/nimble/publish-auth-item.js'
import type { NimblePublishAuthRequest } from '../../generated/nimble/publish-auth-request.js'
import type { NimblePublishAuthResponse } from '../../generated/nimble/publish-auth-response.js'
import { schemaById, wireValidator } from '../../schemas.js'
import { hookRefusals } from '../../core/reasons.js'
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
    url: { href: new URL(requestPathFor(path), 'rtmp://localhost').href, path, app, stream: name, query: Object.create(null) as Record<string, string> },
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
function build ({ app, config }: AdapterTools<NimblePublishConfig>): AdapterInstance {
  const validItem = wireValidator('nimble/publish-auth-item')

  function read (item: unknown): AccessRequest | { refused: string, detail: string } {
    return validItem(item) ? toPublishRequest(item as NimblePublishAuthItem) : { refused: 'invalid-item', detail: validItem.errors?.[0]?.message ?? '' }
  }

  async function answer (item: unknown, log: FastifyBaseLogger): Promise<ItemAnswer['status']> {
    const request = read(item)
    if ('refused' in request) {
      log.warn({ adapter: ADAPTER, detail: request.detail }, 'nimble publish item refused')
      app.recordRefusal({ adapter: ADAPTER, action: 'publish', reason: request.refused, log })
      return 'fail'
    }
    // Nimble cannot rename: an allow that names another stream is no allow for this one
    const decision = await app.authorize(request, { adapter: ADAPTER, log, cannotCarryOut: neitherRedirectNorRename(request) })
    return decision.outcome === 'allow' ? 'success' : 'fail'
  }

  return {
    authenticate: hookAuthenticator(config.hookAuth, 'adapters.nimblePublish.hookAuth'),
    cannotCarryOut: neitherRedirectNorRename,
    // explain takes one item of a batch
    explain: item => read(item),
    routes: [{
      method: 'POST',
      url: config.path,
      schema: { body: schemaById('nimble/publish-auth-request'), response: { 200: schemaById('nimble/publish-auth-response') } },
      async handler (request, reply) {
        const answers: ItemAnswer[] = []
        // one after another: a right key's counted attempt is taken back before the next item of its host is counted
        for (const item of (request.body as NimblePublishAuthRequest).PublishAuthRequest) {
          const seq = seqOf(item)
          if (seq === undefined) {
            request.log.warn({ adapter: ADAPTER }, 'nimble publish item without a seq cannot be answered')
            continue
          }
          answers.push({ seq, status: await answer(item, request.log) })
        }
        return await reply.send({ PublishAuthResponse: answers })
      }
    }]
  }
}

const FORGED: ReadonlySet<string> = new Set(hookRefusals)
const UNREADABLE: NimblePublishAuthResponse = Object.freeze({ PublishAuthResponse: [] })

export const nimblePublishAdapter = defineAdapter<NimblePublishConfig>({
  id: ADAPTER,
  configKey: 'nimblePublish',
  configSchema: schemaById('nimble-publish/config'),
  // Nimble's Content-Type is undocumented: any body is read as JSON
  body: 'json',
  publishes: true,
  refusedAction: () => 'publish',
  // a call that is not Nimble's gets a bare 403, an unreadable batch a 400 with no answers
  refusal: (reply, reason) => FORGED.has(reason) ? reply.code(403).send() : reply.code(400).send(UNREADABLE),
  build
})
