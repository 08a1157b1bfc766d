import { errors } from '../errors.js'
import type { StreamInfo } from '../generated/control/stream.js'
import { isStreamName } from '../core/stream-name.js'
import type { Store } from '../stores/store.js'
import { hashStreamKey, newStreamKey, sameHash } from './stream-key.js'

export type KeyCheck =
  | { status: 'valid', name: string, keyHash: string }
  | { status: 'banned', name: string, keyHash: string }
  | { status: 'unknown', keyHash: string }

// One hash tag for every key, so a batch touching a key, its stream and the sets stays in one Redis Cluster slot.
const ns = 'publish:{streams}:'
const keyIndex = (keyHash: string): string => `${ns}key:${keyHash}`
const sessionIndex = (keyHash: string): string => `${ns}session:${keyHash}`
const streamKey = (name: string): string => `${ns}stream:${name}`
const ALL = `${ns}all`
const LIVE = `${ns}live`
const LIVE_FIELDS = ['liveAt', 'publisherIp', 'liveKeyHash']

/** Stream keys and live status on the shared store: name ↔ key hash, a banned flag, who is live since when. */
export class StreamKeys {
  constructor (private readonly store: Store) {}

  async #record (name: string): Promise<Record<string, string> | undefined> {
    const fields = await this.store.hgetall(streamKey(name))
    return fields.createdAt === undefined ? undefined : fields
  }

  async #issue (name: string, previousHash: string | undefined): Promise<string> {
    // the name goes into Location headers and HLS paths
    if (!isStreamName(name)) throw new errors.StreamNameInvalid(name)
    const key = newStreamKey()
    const keyHash = hashStreamKey(key)
    await this.store.batch([
      ...(previousHash === undefined ? [] : [{ op: 'del' as const, key: keyIndex(previousHash) }]),
      { op: 'set', key: keyIndex(keyHash), value: name },
      { op: 'hset', key: streamKey(name), fields: { keyHash, createdAt: new Date().toISOString() } },
      { op: 'sadd', key: ALL, members: [name] }
    ])
    return key
  }

  /** A first key for a stream (new, or whose key was revoked); refuses when it has one. */
  async create (name: string): Promise<string> {
    const record = await this.#record(name)
    if (record?.keyHash !== undefined) throw new errors.StreamKeyExists(name)
    return await this.#issue(name, undefined)
  }

  /** A new key in place of the current one, which stops working at once. */
  async rotate (name: string, { createMissing = false } = {}): Promise<string> {
    const record = await this.#record(name)
    if (record === undefined && !createMissing) throw new errors.StreamNotFound(name)
    return await this.#issue(name, record?.keyHash)
  }

  /** The stream stays (name, ban) without a working key until rotated or created again. */
  async revoke (name: string): Promise<void> {
    const record = await this.#record(name)
    if (record === undefined) throw new errors.StreamNotFound(name)
    if (record.keyHash === undefined) return
    await this.store.batch([
      { op: 'del', key: keyIndex(record.keyHash) },
      { op: 'hdel', key: streamKey(name), fields: ['keyHash'] }
    ])
  }

  /** false when there was no such stream. */
  async remove (name: string): Promise<boolean> {
    const record = await this.#record(name)
    if (record === undefined) return false
    await this.store.batch([
      ...(record.keyHash === undefined ? [] : [{ op: 'del' as const, key: keyIndex(record.keyHash) }]),
      { op: 'del', key: streamKey(name) },
      { op: 'srem', key: ALL, members: [name] },
      { op: 'srem', key: LIVE, members: [name] }
    ])
    return true
  }

  async setBanned (name: string, banned: boolean): Promise<void> {
    if (await this.#record(name) === undefined) throw new errors.StreamNotFound(name)
    await this.store.hset(streamKey(name), { banned: banned ? '1' : '0' })
  }

  /** Looks a key up by its hash; only a stream's current key is valid. */
  async check (key: string): Promise<KeyCheck> {
    const keyHash = hashStreamKey(key)
    const name = await this.store.get(keyIndex(keyHash))
    const record = name === null ? undefined : await this.#record(name)
    if (name === null || record?.keyHash === undefined || !sameHash(record.keyHash, keyHash)) return { status: 'unknown', keyHash }
    return { status: record.banned === '1' ? 'banned' : 'valid', name, keyHash }
  }

  async info (name: string): Promise<StreamInfo | undefined> {
    const record = await this.#record(name)
    return record === undefined ? undefined : toInfo(name, record)
  }

  async list ({ liveOnly = false } = {}): Promise<StreamInfo[]> {
    const names = (await this.store.smembers(liveOnly ? LIVE : ALL)).sort()
    const infos = await Promise.all(names.map(async name => await this.info(name)))
    return infos.filter((info): info is StreamInfo => info !== undefined && (!liveOnly || info.live))
  }

  async goLive (name: string, keyHash: string, publisherIp: string): Promise<void> {
    await this.store.batch([
      { op: 'hset', key: streamKey(name), fields: { liveAt: new Date().toISOString(), publisherIp, liveKeyHash: keyHash } },
      { op: 'sadd', key: LIVE, members: [name] },
      { op: 'set', key: sessionIndex(keyHash), value: name }
    ])
  }

  /** Ends the publishing session of a key; a newer session of the same stream under another key stays live. */
  async goOffline (keyHash: string): Promise<string | undefined> {
    const name = await this.store.get(sessionIndex(keyHash))
    if (name === null) return undefined
    const record = await this.#record(name)
    const current = record?.liveKeyHash !== undefined && sameHash(record.liveKeyHash, keyHash)
    await this.store.batch([
      { op: 'del', key: sessionIndex(keyHash) },
      ...(current ? [{ op: 'hdel' as const, key: streamKey(name), fields: LIVE_FIELDS }, { op: 'srem' as const, key: LIVE, members: [name] }] : [])
    ])
    return current ? name : undefined
  }

  /** Ends the publishing session of a stream, for servers that name the stream but not the key when it stops (Icecast's mount_remove). */
  async goOfflineByName (name: string): Promise<string | undefined> {
    const liveKeyHash = (await this.#record(name))?.liveKeyHash
    return liveKeyHash === undefined ? undefined : await this.goOffline(liveKeyHash)
  }
}

function toInfo (name: string, record: Record<string, string>): StreamInfo {
  const live = record.liveAt !== undefined
  return {
    name,
    hasKey: record.keyHash !== undefined,
    banned: record.banned === '1',
    live,
    ...(live ? { liveAt: record.liveAt, publisherIp: record.publisherIp } : {})
  }
}
