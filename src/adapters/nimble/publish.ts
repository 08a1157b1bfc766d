import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { canonicalNamePath } from '../../core/canonical-path.js'
import type { NimblePublishConfig, PublishConfig } from '../../generated/config.js'
import type { NimblePublishAuthItem } from '../../generated/nimble/publish-auth-item.js'
import type { NimblePublishAuthRequest } from '../../generated/nimble/publish-auth-request.js'
import type { NimblePublishAuthResponse } from '../../generated/nimble/publish-auth-response.js'
import { schemaById, wireValidator } from '../../schemas.js'
import { hookAuthenticator } from '../hook-auth.js'
import { verifyPublishSign } from './publish-sign.js'

const ADAPTER = 'nimble-publish'

export type NimblePublishOptions = NimblePublishConfig & Pick<PublishConfig, 'signPassword'>

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
const nimblePublish: FastifyPluginAsync<NimblePublishOptions> = async (app, config) => {
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
  dependencies: ['streamgate-policy', 'streamgate-publish'],
  encapsulate: true
})
