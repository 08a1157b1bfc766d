import { Cluster, type Redis } from 'ioredis'

/** A connection's socket as ioredis exposes it: net or TLS, both Writables. */
interface Held {
  cork: () => void
  uncork: () => void
  readonly destroyed: boolean
}

/**
 * Commands sent during one turn of the event loop go to Redis in one write. Under load a turn reads many viewers'
 * requests, each sending its own command: written one by one, every command cost a system call and a TCP segment
 * here, and a read and a reply of its own in Redis. The first command of a turn corks the client's connections (a
 * Cluster's every node), and they are uncorked once the turn's I/O is done (setImmediate): the commands leave in one
 * writev, and Redis answers them in one reply. A command waits at most for the rest of its turn, nothing when the
 * service is idle. A connection that closes meanwhile writes what it holds as it ends (Writable.end uncorks), or
 * drops it with the socket, where the command watch fails the commands that get no reply.
 *
 * ioredis's own enableAutoPipelining batches at process.nextTick, which runs after every socket's callback: it
 * never joins two requests' commands.
 */
export class TurnBatch {
  readonly #client: Redis | Cluster
  readonly #cluster: boolean
  #held: Held[] = []
  #open = false
  readonly #release = (): void => {
    const held = this.#held
    this.#held = []
    this.#open = false
    for (const stream of held) stream.uncork()
  }

  constructor (client: Redis | Cluster) {
    this.#client = client
    this.#cluster = client instanceof Cluster
  }

  /** Called before a command is sent: holds the connections' writes until this turn's I/O is done. */
  join (): void {
    if (this.#open) return
    this.#open = true
    if (this.#cluster) {
      for (const node of (this.#client as Cluster).nodes()) this.#hold(node.stream)
    } else {
      this.#hold((this.#client as Redis).stream)
    }
    setImmediate(this.#release)
  }

  #hold (stream: Held | undefined): void {
    if (stream === undefined || stream.destroyed) return
    stream.cork()
    this.#held.push(stream)
  }
}
