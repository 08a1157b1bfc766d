import type { FastifyBaseLogger } from 'fastify'
import { type AdapterInstance, type AdapterTools, defineAdapter } from '../../core/adapter.js'
import { canonicalNamePath } from '../../core/canonical-path.js'
import type { NimblePublishConfig, PublishConfig } from '../../generated/config.js'
import type { NimblePublishAuthItem } from '../../generated/nimble/publish-auth-item.js'
import type { NimblePublishAuthRequest } from '../../generated/nimble/publish-auth-request.js'
import type { NimblePublishAuthResponse } from '../../generated/nimble/publish-auth-response.js'
import { schemaById, wireValidator } from '../../schemas.js'
import { hookAuthenticator, hookRefusals } from '../hook-auth.js'
import { verifyPublishSign } from './publish-sign.js'

const ADAPTER = 'nimble-publish'

type NimblePublishOptions = NimblePublishConfig & Pick<PublishConfig, 'signPassword'>

type ItemAnswer = NimblePublishAuthResponse['PublishAuthResponse'][number]

function seqOf (item: unknown): string | undefined {
  const seq = (item as { seq?: unknown } | null)?.seq
  return typeof seq === 'string' || (typeof seq === 'number' && Number.isFinite(seq)) ? String(seq) : undefined
}

/** `app/stream` as Nimble sends it: the public name is what follows the application. */
function splitStream (stream: string): { path: string, name: string } {
  const path = '/' + stream.replace(/^\/+/, '')
  return { path, name: path.slice(path.indexOf('/', 1) + 1) }
}

/**
 * Nimble's publish control: each item of the batch is answered on its own, by seq. The id is the
 * publisher's stream key, whose public name must be the stream published; with a signPassword, an item
 * carrying a publishsign that verifies needs no key. A bad item (an `ip` that is missing or no address
 * included) fails alone; an unreadable batch is a 400; a call that is not Nimble's (hookAuth) a 403.
 */
function build ({ app, config: section, settings }: AdapterTools<NimblePublishConfig>): AdapterInstance {
  const config: NimblePublishOptions = { ...section, signPassword: settings.publish.signPassword }
  const authenticate = hookAuthenticator(config.hookAuth, 'adapters.nimblePublish.hookAuth')
  const validItem = wireValidator('nimble/publish-auth-item')

  async function answer (item: unknown, log: FastifyBaseLogger): Promise<ItemAnswer['status']> {
    if (!validItem(item)) {
      log.warn({ adapter: ADAPTER, detail: validItem.errors?.[0]?.message }, 'nimble publish item refused')
      app.recordRefusal({ adapter: ADAPTER, reason: 'invalid-item', log })
      return 'fail'
    }
    const { id, ip = '', stream, publishsign } = item as NimblePublishAuthItem
    const { path, name } = splitStream(stream)
    // Nimble publishes under the name as it is: one that reads as another path (live/x/../vip) is refused
    const canonical = canonicalNamePath(path)
    if ('refused' in canonical) {
      log.warn({ adapter: ADAPTER, detail: canonical.detail }, 'nimble publish item refused')
      app.recordRefusal({ adapter: ADAPTER, reason: canonical.refused, log })
      return 'fail'
    }
    const signed = publishsign !== undefined && config.signPassword !== undefined &&
      verifyPublishSign(publishsign, path, config.signPassword, ip) !== undefined
    const verdict = await app.authorizePublish(signed ? { ip, signedName: name } : { ip, key: id, name }, { adapter: ADAPTER, log })
    return verdict.outcome === 'allow' ? 'success' : 'fail'
  }

  return {
    authenticate,
    // a batch is no one AccessRequest, and publishing is not decided by the policy chain
    explain: () => ({ refused: 'not-a-play-hook' }),
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
  dependencies: ['streamgate-publish'],
  // Nimble's Content-Type is undocumented: any body is read as JSON
  body: 'json',
  // a call that is not Nimble's gets a bare 403, an unreadable batch a 400 with no answers
  refusal: (reply, reason) => FORGED.has(reason) ? reply.code(403).send() : reply.code(400).send(UNREADABLE),
  build
})
