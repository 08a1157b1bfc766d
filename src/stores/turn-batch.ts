import { Cluster, type Redis } from 'ioredis'

/**
 * How long commands are held while their turn goes on. A turn that reads a burst of thousands of requests runs for
 * longer than any rule's deadline: its commands leave every HOLD_MS, so that their replies are in when the loop
 * next reads, as they were when each command left at once (the store guard's busy check counts on them).
 */
const HOLD_MS = 2

/** A connection's socket as ioredis exposes it: net or TLS, both Writables. */
interface Corkable {
  cork: () => void
  uncork: () => void
  readonly destroyed: boolean
}

/**
 * Commands sent during one turn of the event loop go to Redis in one write. Under load a turn reads many viewers'
 * requests, each sending its own command: written one by one, every command cost a system call and a TCP segment
 * here, and a read and a reply of its own in Redis. The first command of a turn corks the client's connections (a
 * Cluster's every node), and they are uncorked once the turn's I/O is done (setImmediate): the commands leave in one
 * writev, and Redis answers them in one reply. A command waits for the rest of its turn (from a timer, through
 * the turn's I/O too), nothing when the service is idle; in a turn that goes on, what is held leaves with the first
 * command sent HOLD_MS after it. One sent from a setImmediate callback after the release waits for the next turn's.
 * A connection that closes meanwhile writes what it holds as it ends (Writable.end uncorks), or drops it with the
 * socket, where the command watch fails the commands that get no reply.
 *
 * ioredis's enableAutoPipelining defers to setImmediate too, but it keeps the commands in a pipeline of its own
 * until then, out of the connection's command queue where the command watch looks for them (a frozen Redis failed
 * them up to 2.5 × commandTimeout), and costs more per command: on the pay-per-view chain it gained less than half
 * as much (bench/RESULTS.md, round 13).
 */
export class TurnBatch {
  readonly #client: Redis | Cluster
  readonly #cluster: boolean
  #held: Corkable[] = []
  #releasing = false
  /** When the commands held now began to be held (performance.now()). */
  #since = 0
  readonly #release = (): void => {
    const held = this.#held
    this.#held = []
    this.#releasing = false
    for (const stream of held) stream.uncork()
  }

  constructor (client: Redis | Cluster) {
    this.#client = client
    this.#cluster = client instanceof Cluster
  }

  /** Called before a command is sent: holds the connections' writes until this turn's I/O is done. */
  join (): void {
    const now = performance.now()
    if (this.#releasing) {
      if (now - this.#since >= HOLD_MS) this.#writeHeld(now)
      return
    }
    // the release scheduled first: whatever happens below, nothing stays corked past this turn
    setImmediate(this.#release)
    this.#releasing = true
    this.#since = now
    if (this.#cluster) {
      for (const node of (this.#client as Cluster).nodes()) this.#hold(node.stream)
    } else {
      this.#hold((this.#client as Redis).stream)
    }
  }

  /** A long turn: what is held leaves now, and what comes later in the turn is held anew. */
  #writeHeld (now: number): void {
    for (const stream of this.#held) {
      stream.uncork()
      stream.cork()
    }
    this.#since = now
  }

  #hold (stream: Corkable | undefined): void {
    if (stream === undefined || stream.destroyed) return
    this.#held.push(stream)
    stream.cork()
  }
}
