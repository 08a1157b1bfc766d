import { createHash } from 'node:crypto'
import type { FastifyPluginAsync } from 'fastify'
import { errors } from '../../errors.js'
import type { NimblePaywallConfig } from '../../generated/nimble/paywall-config.js'
import type { NimblePpvSyncRequest } from '../../generated/nimble/ppv-sync-request.js'
import type { NimblePpvSyncResponse } from '../../generated/nimble/ppv-sync-response.js'
import { Balances } from '../../paywall/balances.js'
import { recordUsage, type ViewerUsage } from '../../paywall/usage.js'
import { schemaById } from '../../schemas.js'
import { safeEqualText } from '../../signing/encoding.js'

/** Nimble's signature scheme: base64 of the raw MD5 of the concatenated parts. */
export const nimbleSign = (...parts: string[]): string => createHash('md5').update(parts.join('')).digest('base64')

/**
 * How long a report's puzzle stays spent. Nothing in a report bounds its age (its Puzzle is random, and the
 * signature never expires), so this is as long as the store can keep one key per report without strain.
 */
export const SPENT_PUZZLE_MS = 30 * 86_400_000

/**
 * A report's puzzle, spent. Keyed by ID + Puzzle as one string, as signed: (`a`, `bc`) and (`ab`, `c`) share a
 * signature, so keying on the Puzzle alone would let a captured report through again with a character moved.
 */
export const spentPuzzleKey = (id: string, puzzle: string): string => `nimblesync:${createHash('sha256').update(id + puzzle).digest('hex')}`

/** Seconds and bytes per viewer id, summed over every stream and session Nimble reported. */
export function usageByViewer (report: NimblePpvSyncRequest): Map<string, ViewerUsage> {
  const usage = new Map<string, ViewerUsage>()
  for (const vhost of report.PayPerViewInfo?.VHost ?? []) {
    for (const app of vhost.Application ?? []) {
      for (const instance of app.Instance ?? []) {
        for (const stream of instance.Stream ?? []) {
          for (const player of stream.Player ?? []) {
            const id = String(player.id)
            if (id === '') continue
            const sum = usage.get(id) ?? { seconds: 0, bytes: 0 }
            usage.set(id, { seconds: sum.seconds + (player.delta ?? 0), bytes: sum.bytes + (player.bytes_sent ?? 0) })
          }
        }
      }
    }
  }
  return usage
}

/**
 * Nimble's pay-per-view sync URL. A request whose Signature does not prove the shared token is refused
 * and changes nothing; a store that cannot record the usage gives 503, so nobody is cut off by mistake.
 * The signature covers ID and Puzzle only, never the usage reported: each report is taken once, its puzzle
 * spent before anything is recorded, so a captured signature cannot charge again, with its body or another.
 */
const nimblePaywall: FastifyPluginAsync<NimblePaywallConfig> = async (app, config) => {
  const { token } = config
  if (token === undefined) throw new errors.OptionInvalid('adapters.nimble.paywall: token is required')
  const balances = new Balances(app.store)

  app.setErrorHandler(async (err: Error & { code?: string, statusCode?: number }, request, reply) => {
    const status = err.statusCode !== undefined && err.statusCode < 500 ? 400 : 503
    request.log.warn({ code: err.code, detail: err.message }, 'nimble paywall sync refused')
    return reply.code(status).send({ error: err.code ?? 'ERROR' })
  })

  app.post<{ Body: NimblePpvSyncRequest, Reply: NimblePpvSyncResponse | { error: string } }>(config.path, {
    schema: { body: schemaById('nimble/ppv-sync-request'), response: { 200: schemaById('nimble/ppv-sync-response') } }
  }, async (request, reply) => {
    const { ID, Puzzle, Signature } = request.body
    if (!safeEqualText(Signature, nimbleSign(ID, Puzzle, token))) {
      request.log.warn({ reason: 'bad-signature' }, 'nimble paywall sync refused')
      return await reply.code(403).send({ error: 'bad-signature' })
    }
    const usage = usageByViewer(request.body)
    let denied: string[] | undefined
    try {
      // a failure part way leaves the viewers recorded so far charged; the puzzle stays spent, so a re-sent
      // report is refused rather than charging them twice
      if (await app.store.set(spentPuzzleKey(ID, Puzzle), '1', { ttlMs: SPENT_PUZZLE_MS, ifAbsent: true })) denied = await recordUsage(balances, usage, config)
    } catch (err) {
      throw new errors.StoreUnavailable((err as Error).message)
    }
    if (denied === undefined) {
      request.log.warn({ reason: 'replayed' }, 'nimble paywall sync refused')
      return await reply.code(403).send({ error: 'replayed' })
    }
    request.log.info({ viewers: usage.size, denied: denied.length }, 'nimble paywall sync')
    return { DenyList: { ID: denied }, Solution: nimbleSign(Puzzle, token) }
  })
}

export default nimblePaywall
