import { Cluster, type Redis } from 'ioredis'
import { errors } from '../errors.js'

/** How often the commands waiting for a reply are looked at, as a share of the timeout. */
const TICKS_PER_TIMEOUT = 4
const MIN_TICK_MS = 10

/** A command sent and waiting for its reply: ioredis's Command (its queue's typings name only what any reply needs). */
interface Sent {
  readonly isResolved?: boolean
  reject: (error: Error) => void
}

interface Watched {
  readonly command: Sent
  /** When the watch first saw it waiting (performance.now()). */
  readonly since: number
}

/**
 * ioredis's `commandTimeout` without a timer per command: ioredis arms and clears one for every command, which cost
 * more than the rest of the pay-per-view rule's read. Every tick, the commands waiting for a reply on each of the
 * client's connections are noted with the time they were first seen waiting; one still waiting `timeoutMs` after
 * that fails as ioredis's timer would have failed it, with SG_STORE_TIMEOUT. A command is given up at least
 * timeoutMs after it was sent, so a late write's reply has that long to come, and about 1.5 × timeoutMs at most (a
 * tick is never early but may be late; a pipelined command waits behind the pipeline before it). A command a Cluster
 * sends again after a redirect keeps the time it was first seen.
 *
 * A connection that drops leaves its unanswered commands pending (ioredis neither resends them nor fails them, as
 * autoResendUnfulfilledCommands is off): they are taken into the watch when the client reports the close.
 */
export class CommandWatch {
  readonly #client: Redis | Cluster
  readonly #timeoutMs: number
  #watched: Watched[] = []
  readonly #seen = new WeakSet<Sent>()
  readonly #timer: NodeJS.Timeout

  constructor (client: Redis | Cluster, timeoutMs: number) {
    this.#client = client
    this.#timeoutMs = timeoutMs
    this.#timer = setInterval(() => { this.check() }, Math.max(MIN_TICK_MS, Math.ceil(timeoutMs / TICKS_PER_TIMEOUT))).unref()
    // a Cluster's node connections do not reconnect: at their close ioredis fails what they had not answered
    if (!(client instanceof Cluster)) client.on('close', () => { this.#note(performance.now()) })
  }

  /** Commands in the watch: those seen waiting, and those failed by an error reply (ioredis does not mark them settled) until their time. */
  get length (): number {
    return this.#watched.length
  }

  /** Notes the commands waiting now and fails those waiting timeoutMs since first seen; the timer calls it. */
  check (): void {
    const now = performance.now()
    this.#note(now)
    let kept = 0
    for (const watched of this.#watched) {
      // a rejected command is not marked resolved: it is failed again at its time, which does nothing
      if (watched.command.isResolved === true) continue
      if (now - watched.since >= this.#timeoutMs) watched.command.reject(new errors.StoreTimeout(this.#timeoutMs))
      else this.#watched[kept++] = watched
    }
    this.#watched.length = kept
  }

  close (): void {
    clearInterval(this.#timer)
  }

  #note (now: number): void {
    const connections = this.#client instanceof Cluster ? this.#client.nodes() : [this.#client]
    for (const { commandQueue } of connections) {
      for (let i = 0; i < commandQueue.length; i++) {
        const command: Sent | undefined = commandQueue.peekAt(i)?.command
        if (command === undefined || command.isResolved === true || this.#seen.has(command)) continue
        this.#seen.add(command)
        this.#watched.push({ command, since: now })
      }
    }
  }
}
