import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { canonicalAddress } from '../core/address.js'
import type { PublishConfig } from '../generated/config.js'
import { FailedAttempts } from './failed-attempts.js'
import { StreamKeys } from './stream-keys.js'

export interface PublishAttempt {
  /** The publisher's address as the media server sent it; anything that is no IP address is refused. */
  ip: string
  /** The key as presented. */
  key?: string
  /** With a key: the name published under, which must be the key's public name (servers that cannot rename). */
  name?: string
  /** Instead of a key: a name the publisher proved its right to otherwise (a verified signature). */
  signedName?: string
}

export type PublishVerdict =
  | { outcome: 'allow', reason: 'valid-key' | 'valid-signature', name: string, keyHash?: string }
  | { outcome: 'deny', reason: 'bad-address' | 'too-many-failures' | 'no-key' | 'unknown-key' | 'banned' | 'wrong-stream' | 'store-error', name?: string }

export interface PublishOptions {
  adapter: string
  log: FastifyBaseLogger
}

declare module 'fastify' {
  interface FastifyInstance {
    streamKeys: StreamKeys
    /** Checks a publisher's key (or signed name) and owner, guards against guessing, logs and counts the decision. Never rejects. */
    authorizePublish (attempt: PublishAttempt, options: PublishOptions): Promise<PublishVerdict>
    /** Whether an address is refused for too many wrong keys; anything that is no IP address is. */
    publishBlocked (ip: string): Promise<boolean>
  }
}

const publishPlugin: FastifyPluginAsync<PublishConfig> = async (app, config) => {
  const streamKeys = new StreamKeys(app.store)
  const failures = new FailedAttempts(app.store, config.bruteForce)

  // wrong keys are counted per host, however its address is spelled; a non-address is never stored
  async function decide ({ ip: given, key, name, signedName }: PublishAttempt): Promise<PublishVerdict> {
    const ip = canonicalAddress(given)
    if (ip === undefined) return { outcome: 'deny', reason: 'bad-address' }
    if (await failures.blocked(ip)) return { outcome: 'deny', reason: 'too-many-failures' }
    if (signedName !== undefined) {
      // a signature is the operator's own permission, as Nimble treats it: no stream needs creating first;
      // a stream the store knows may still be banned
      const info = await streamKeys.info(signedName)
      return info?.banned === true ? { outcome: 'deny', reason: 'banned', name: signedName } : { outcome: 'allow', reason: 'valid-signature', name: signedName }
    }
    if (key === undefined || key === '') return { outcome: 'deny', reason: 'no-key' }
    if (!await failures.attempt(ip)) return { outcome: 'deny', reason: 'too-many-failures' }
    const check = await streamKeys.check(key)
    if (check.status === 'unknown') return { outcome: 'deny', reason: 'unknown-key' }
    await failures.forgive(ip)
    if (check.status === 'banned') return { outcome: 'deny', reason: 'banned', name: check.name }
    if (name !== undefined && name !== check.name) return { outcome: 'deny', reason: 'wrong-stream', name: check.name }
    return { outcome: 'allow', reason: 'valid-key', name: check.name, keyHash: check.keyHash }
  }

  app.decorate('streamKeys', streamKeys)
  app.decorate('publishBlocked', async (given: string) => {
    const ip = canonicalAddress(given)
    return ip === undefined || await failures.blocked(ip)
  })
  app.decorate('authorizePublish', async (attempt: PublishAttempt, { adapter, log }: PublishOptions): Promise<PublishVerdict> => {
    const started = process.hrtime.bigint()
    let verdict: PublishVerdict
    try {
      verdict = await decide(attempt)
    } catch (err) {
      log.error({ err, adapter }, 'publish check failed; refusing')
      verdict = { outcome: 'deny', reason: 'store-error' }
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    app.metrics.countDecision({ adapter, policy: 'stream-keys', rule: 'stream-key', outcome: verdict.outcome, reason: verdict.reason })
    app.metrics.latency.observe({ adapter }, seconds)
    // the public name only: the key (what the publisher published under) is never logged
    const line = { adapter, action: 'publish', stream: verdict.name, ip: canonicalAddress(attempt.ip), outcome: verdict.outcome, reason: verdict.reason, ms: seconds * 1e3 }
    log.info(line, 'decision')
    app.decisionFeed.publish(line)
    return verdict
  })
}

export default fp(publishPlugin, { name: 'streamgate-publish', fastify: '5.x', dependencies: ['streamgate-store', 'streamgate-metrics', 'streamgate-policy'] })
