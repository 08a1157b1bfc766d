import { LRUCache } from 'lru-cache'
import { compileGlob } from '../core/glob.js'
import type { Store } from '../stores/store.js'
import { viewerTag } from './viewer-tag.js'

/** What a viewer may watch: one stream (`app/stream`), streams matching a glob, or an event (a set of streams). */
export type EntitlementTarget = { stream: string } | { glob: string } | { event: string }

export interface Entitlement {
  target: EntitlementTarget
  /** Epoch ms; absent for an entitlement that never expires. */
  expiresAt?: number
}

const key = (viewer: string): string => `ppv:${viewerTag(viewer)}`

function fieldOf (target: EntitlementTarget): string {
  if ('stream' in target) return `stream:${target.stream}`
  if ('glob' in target) return `glob:${target.glob}`
  return `event:${target.event}`
}

function targetOf (field: string): EntitlementTarget | undefined {
  const colon = field.indexOf(':')
  if (colon === -1) return undefined
  const kind = field.slice(0, colon)
  const name = field.slice(colon + 1)
  if (kind === 'stream') return { stream: name }
  if (kind === 'glob') return { glob: name }
  if (kind === 'event') return { event: name }
  return undefined
}

const globs = new LRUCache<string, (name: string) => boolean>({ max: 10_000 })

function globMatches (pattern: string, path: string): boolean {
  let match = globs.get(pattern)
  if (match === undefined) {
    match = compileGlob(pattern)
    globs.set(pattern, match)
  }
  return match(path)
}

/**
 * Pay-per-view entitlements: one hash per viewer, a field per target holding its expiry ('' for none).
 * Expired fields are dropped when the viewer's entitlements are next listed or granted; only while they still
 * hold the expiry read, so a grant landing in between is kept.
 */
export class Entitlements {
  constructor (private readonly store: Store) {}

  /**
   * Grants `entitlement` unless the viewer holds the same target for longer: a grant never shortens what was
   * paid for (revoke first to shorten). Returns the entitlement the viewer holds for the target.
   */
  async grant (viewer: string, entitlement: Entitlement): Promise<Entitlement> {
    const { target, expiresAt } = entitlement
    const held = await this.store.hsetLater(key(viewer), fieldOf(target), expiresAt === undefined ? '' : String(expiresAt))
    await this.#dropExpired(viewer, await this.store.hgetall(key(viewer)))
    return held === '' ? { target } : { target, expiresAt: Number(held) }
  }

  async revoke (viewer: string, target: EntitlementTarget): Promise<boolean> {
    return await this.store.hdel(key(viewer), fieldOf(target)) === 1
  }

  async list (viewer: string, now = Date.now()): Promise<Entitlement[]> {
    const fields = await this.store.hgetall(key(viewer))
    await this.#dropExpired(viewer, fields, now)
    return live(fields, now)
  }

  /**
   * The live entitlement that covers `path` (`app/stream`) directly, by glob, or through one of `events`; of
   * several, the one that lasts longest. Undefined when none does.
   */
  covering (viewer: string, path: string, events: ReadonlySet<string>, now = Date.now()): Promise<Entitlement | undefined> {
    // a step of its own no more: its caller waits for the store's reply
    return this.store.hgetall(key(viewer)).then(fields => {
      let best: Entitlement | undefined
      for (const entitlement of live(fields, now)) {
        const { target } = entitlement
        const covers = 'stream' in target ? target.stream === path : 'glob' in target ? globMatches(target.glob, path) : events.has(target.event)
        if (covers && (best === undefined || lastsLonger(entitlement, best))) best = entitlement
      }
      return best
    })
  }

  async #dropExpired (viewer: string, fields: Record<string, string>, now = Date.now()): Promise<void> {
    const expired = Object.entries(fields).filter(([, expiry]) => expiry !== '' && Number(expiry) <= now)
    if (expired.length > 0) await this.store.hdelIfEqual(key(viewer), Object.fromEntries(expired))
  }
}

const lastsLonger = (a: Entitlement, b: Entitlement): boolean =>
  b.expiresAt !== undefined && (a.expiresAt === undefined || a.expiresAt > b.expiresAt)

function live (fields: Record<string, string>, now: number): Entitlement[] {
  const found: Entitlement[] = []
  // by key: Object.entries of the reply went to V8's runtime on every decision
  for (const field of Object.keys(fields)) {
    const expiry = fields[field] as string
    const target = targetOf(field)
    if (target === undefined) continue
    if (expiry === '') found.push({ target })
    else if (Number(expiry) > now) found.push({ target, expiresAt: Number(expiry) })
  }
  return found
}
