import { destination, type DestinationStream } from 'pino'

/** The longest a logged line waits for stdout when traffic is too light to fill a write. */
const FLUSH_INTERVAL_MS = 1000

export interface BufferedDestination {
  stream: DestinationStream
  /** Writes every line logged so far, then stops the timer; later lines are still written at exit by pino. */
  flush: () => Promise<void>
}

/**
 * stdout written asynchronously, in writes of at least 4 KiB: under load one write carries many decision lines
 * instead of one syscall per line. A timer writes out what a quiet moment leaves in the buffer.
 */
export function bufferedStdout (): BufferedDestination {
  const stream = destination({ dest: 1, sync: false, minLength: 4096 })
  const timer = setInterval(() => {
    try {
      stream.flush()
    } catch {
      // stdout is gone (a closed pipe): there is nowhere left to write
    }
  }, FLUSH_INTERVAL_MS).unref()
  return {
    stream,
    flush: async () => {
      clearInterval(timer)
      await new Promise<void>(resolve => { stream.flush(() => { resolve() }) })
    }
  }
}
