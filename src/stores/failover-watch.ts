import { Redis } from 'ioredis'
import type { RedisNodes } from '../generated/store.js'

/** Published by the Sentinel leading a failover just before it tells the chosen replica to become master. */
const STARTED = '+failover-state-send-slaveof-noone'
/** Clients are told of the new master, or the failover gave up: the old master is the master again. */
const ENDED = ['+switch-master', '-failover-abort-not-elected', '-failover-abort-no-good-slave', '-failover-abort-slave-timeout', '+failover-end-for-timeout']

/**
 * Watches every Sentinel for a failover of the master `name`. From the promotion of a replica until
 * Sentinel announces the switch (about a second: Sentinel confirms the promotion through INFO), the old
 * master still takes writes that the new one never gets, and that vanish when the old one is demoted. The
 * store refuses writes in that window rather than answer viewers on writes that will be lost.
 * Should an end never be heard (a Sentinel lost meanwhile), the window closes after `maxMs`.
 */
export class FailoverWatch {
  readonly #clients: Redis[]
  #timer: NodeJS.Timeout | undefined

  constructor (name: string, sentinels: RedisNodes, maxMs: number, onChange: (inProgress: boolean) => void) {
    this.#clients = sentinels.map(({ host, port }) => {
      // autoResubscribe off: ioredis' own resubscription leaves its promise unhandled, and it rejects when the
      // watch is closed before a Sentinel answers; the watch subscribes at every connection itself
      const client = new Redis({ host, port, retryStrategy: attempt => Math.min(attempt * 100, 1000), maxRetriesPerRequest: null, autoResubscribe: false })
      // the store reports an unreachable Redis itself; a lost Sentinel only means one fewer witness
      client.on('error', () => {})
      client.on('ready', () => {
        client.subscribe(STARTED, ...ENDED).catch(() => { /* closed or dropped: the next connection subscribes again */ })
      })
      client.on('message', (channel: string, message: string) => {
        if (!message.split(' ').includes(name)) return
        const started = channel === STARTED
        if (started === this.inProgress) return
        clearTimeout(this.#timer)
        this.#timer = started ? setTimeout(() => { this.#timer = undefined; onChange(false) }, maxMs).unref() : undefined
        onChange(started)
      })
      return client
    })
  }

  get inProgress (): boolean {
    return this.#timer !== undefined
  }

  close (): void {
    clearTimeout(this.#timer)
    for (const client of this.#clients) client.disconnect()
  }
}
