import type { AccessRequest } from '../core/access-request.js'
import { canonicalAddress } from '../core/address.js'
import { isStreamName } from '../core/stream-name.js'
import { abstain as abstainFor, deny as denyFor, type Verdict, type VerdictData, verdictOf } from '../core/decision.js'
import { defineRule, type EvaluationContext } from '../core/rule.js'
import type { StreamKeyOptions } from '../generated/rules/stream-key.js'
import { FailedAttempts } from '../publish/failed-attempts.js'
import { StreamKeys } from '../publish/stream-keys.js'
import { schemaById } from '../schemas.js'
import { verifyPublishSign } from '../signing/nimble-publish.js'

export type StreamKeyReason = 'valid-key' | 'valid-signature' | 'bad-address' | 'too-many-failures' | 'no-key' | 'unknown-key' | 'banned' |
  'wrong-stream' | 'store-error' | 'not-a-publish'

// its reasons are a closed set (src/core/reasons.ts checks the list against this type)
const deny = (reason: StreamKeyReason, data?: VerdictData): Verdict => denyFor(reason, data)
const abstain = (reason: StreamKeyReason): Verdict => abstainFor(reason)

/**
 * Stream keys for publishers. A key is the current key of a stream that is not banned: the verdict names that
 * stream's public name (`stream`, and as `subject` its owner), which the adapter publishes under. Wrong keys are
 * counted per address before the look-up and forgiven when right, so guesses sent together cannot all be looked
 * up. A Nimble publishsign that verifies with `signPassword` needs no key: it is the operator's own permission.
 */
export default defineRule<StreamKeyOptions>({
  id: 'stream-key',
  optionsSchema: schemaById('rules/stream-key'),
  create (options, { store }) {
    const streamKeys = new StreamKeys(store)
    const failures = new FailedAttempts(store, options.bruteForce)
    const valid = (reason: StreamKeyReason, data: VerdictData): Verdict => verdictOf(options.onValid, reason, data)

    async function signed (request: AccessRequest, publishSign: string, ip: string): Promise<Verdict | undefined> {
      if (options.signPassword === undefined) return undefined
      const signer = verifyPublishSign(publishSign, request.url.path, options.signPassword, ip)
      if (signer === undefined) return undefined
      // no stream needs creating first, as Nimble treats it, but it must be a name a key could have;
      // a stream the store knows may still be banned
      const stream = request.url.stream
      if (!isStreamName(stream)) return deny('wrong-stream', { subject: signer.id })
      if ((await streamKeys.info(stream))?.banned === true) return deny('banned', { subject: signer.id })
      return valid('valid-signature', { subject: signer.id, stream })
    }

    async function decide (request: AccessRequest, ctx: EvaluationContext): Promise<Verdict> {
      const ip = canonicalAddress(request.ip)
      if (ip === undefined) return deny('bad-address')
      if (await failures.blocked(ip)) return deny('too-many-failures')
      const { key, publishSign, canRename = false } = request.publish ?? {}
      const bySignature = publishSign === undefined ? undefined : await signed(request, publishSign, ip)
      if (bySignature !== undefined) return bySignature
      if (key === undefined || key === '') return deny('no-key')
      // an explain run looks the key up but counts nothing
      if (!ctx.dryRun && !await failures.attempt(ip)) return deny('too-many-failures')
      const check = await streamKeys.check(key).catch(async (err: unknown) => {
        // the store failed, not the key: an encoder retrying through an outage must not lock itself out
        if (!ctx.dryRun) await failures.forgive(ip).catch(() => { /* the count expires with its window */ })
        throw err
      })
      if (check.status === 'unknown') return deny('unknown-key')
      if (!ctx.dryRun) await failures.forgive(ip)
      const owner = { subject: check.name }
      if (check.status === 'banned') return deny('banned', owner)
      // a server that cannot rename publishes under the name asked for: it must be the key's
      if (!canRename && request.url.stream !== check.name) return deny('wrong-stream', owner)
      return valid('valid-key', { ...owner, stream: check.name })
    }

    return {
      async evaluate (request, ctx) {
        if (request.action !== 'publish') return abstain('not-a-publish')
        try {
          return await decide(request, ctx)
        } catch (err) {
          ctx.log.error({ err: { message: (err as Error).message } }, 'stream key check failed; refusing')
          return deny('store-error')
        }
      }
    }
  }
})
