import { createHash } from 'node:crypto'
import type { NginxRtmpNotify } from '../../generated/nginx-rtmp/notify.js'
import type { Store } from '../../stores/store.js'
import { field } from './translate.js'

interface Claim {
  action: 'play' | 'publish'
  app: string
  /** The name asked for; a publisher's as a digest (see claimedName). */
  name: string
  /** A publisher's key, hashed: a second publish under the same name with another key is another stream's. */
  credential?: string
  /** Where the play was redirected: nginx-rtmp's updates still name the stream asked for. */
  redirect?: string
}

/**
 * What `take` found: the connection was free (now taken for this stream), already held for this stream, or held for
 * another; `unchecked` when it has no number to be held by. A connection held for this stream tells where its play
 * was redirected, if it was.
 */
export interface Holding {
  taken: 'taken' | 'held' | 'in-use' | 'unchecked'
  redirect?: string
}

/**
 * The one stream an RTMP connection plays or publishes, for its whole life, kept in the store. nginx-rtmp keeps a
 * connection on the stream it joined but names the last play or publish in every later update and done hook
 * (ngx_rtmp_notify_init), so a second play allowed on the same connection would put the first stream beyond every
 * re-check: an expired token, a used-up balance, a revoked key. Done hooks do not free the connection: they race the
 * next play's hook, and a late one would free a connection that had just joined again. Only `on_disconnect` does.
 * Claims are keyed by the nginx, the connection's URL and address, and nginx's connection number. A claim lasts
 * `holdMs` after the connection's last allowed update: only connections that are updated are ever checked again, and a
 * claim left by a connection that closed unseen (nginx restarted, which numbers its connections anew) soon goes.
 */
export class ConnectionClaims {
  constructor (private readonly store: Store, private readonly holdMs: number) {}

  #key (body: NginxRtmpNotify, server: string): string | undefined {
    const clientid = field(body, 'clientid')
    if (clientid === '') return undefined
    const digest = createHash('sha256').update(JSON.stringify([server, field(body, 'tcurl'), field(body, 'addr'), clientid])).digest('base64url')
    return `rtmp-connection:${digest}`
  }

  /**
   * Takes the connection for this hook's stream, atomically across instances. An update takes it too when its claim
   * was lost (a restart of the memory store, a Redis failover): the update names the stream the connection last asked for.
   */
  async take (body: NginxRtmpNotify, server: string, action: Claim['action'], credential?: string): Promise<Holding> {
    const key = this.#key(body, server)
    if (key === undefined) return { taken: 'unchecked' }
    const claim: Claim = { action, app: field(body, 'app'), name: claimedName(body, credential), ...(credential === undefined ? {} : { credential }) }
    if (await this.store.set(key, JSON.stringify(claim), { ifAbsent: true, ttlMs: this.holdMs })) return { taken: 'taken' }
    const held = parse(await this.store.get(key))
    // a publisher's claim written before names were kept as digests holds the name in clear: it is the same stream,
    // and is written again without it (a rolling upgrade must not cut live publishers off)
    const legacy = held?.credential !== undefined && held.name === field(body, 'name')
    if (held === undefined || held.action !== claim.action || held.app !== claim.app || (held.name !== claim.name && !legacy) ||
      held.credential !== claim.credential) return { taken: 'in-use' }
    if (legacy) await this.store.set(key, JSON.stringify({ ...held, name: claim.name }), { ttlMs: this.holdMs })
    return held.redirect === undefined ? { taken: 'held' } : { taken: 'held', redirect: held.redirect }
  }

  /** The redirect a play that has just taken its connection was given, for its updates. */
  async redirected (body: NginxRtmpNotify, server: string, location: string): Promise<void> {
    const key = this.#key(body, server)
    if (key === undefined) return
    const claim: Claim = { action: 'play', app: field(body, 'app'), name: field(body, 'name'), redirect: location }
    await this.store.set(key, JSON.stringify(claim), { ttlMs: this.holdMs })
  }

  /** An update was allowed: the connection still plays or publishes. */
  async refresh (body: NginxRtmpNotify, server: string): Promise<void> {
    const key = this.#key(body, server)
    if (key !== undefined) await this.store.expire(key, this.holdMs)
  }

  /** The connection is closed (on_disconnect): its number is free again. */
  async release (body: NginxRtmpNotify, server: string): Promise<void> {
    const key = this.#key(body, server)
    if (key !== undefined) await this.store.del(key)
  }
}

/**
 * The name a claim keeps: a publisher's as a digest, since nginx-rtmp's published name is often the stream key itself,
 * and the store keeps keys only as hashes (a leaked store, a backup or MONITOR reveals none).
 */
function claimedName (body: NginxRtmpNotify, credential: string | undefined): string {
  const name = field(body, 'name')
  return credential === undefined ? name : createHash('sha256').update(name).digest('base64url')
}

function parse (value: string | null): Claim | undefined {
  if (value === null) return undefined
  try {
    return JSON.parse(value) as Claim
  } catch {
    return undefined
  }
}
