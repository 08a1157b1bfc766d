import { destination, type DestinationStream } from 'pino'

/** The longest a logged line waits for stdout when traffic is too light to fill a write. */
const FLUSH_INTERVAL_MS = 1000
/** Characters of lines handed to the writer at once: under the writer's largest single write (16 KiB). */
const BATCH_CHARS = 16_000
/** The writer holds less than this until its next flush. */
const WRITER_MIN_LENGTH = 4096

export interface BufferedDestination {
  stream: DestinationStream
  /** Writes every line logged so far, then stops the timer; later lines are still written at exit. */
  flush: () => Promise<void>
}

/**
 * stdout written asynchronously, in writes of about 16 KiB: under load one write carries some fifty decision lines
 * instead of one syscall (and one hand-over to libuv's thread pool) per line. A timer writes out what a quiet moment
 * leaves in the buffer, at most FLUSH_INTERVAL_MS after it was logged.
 *
 * Lines are gathered here and handed to pino's writer in batches: the writer measures its whole pending text on
 * every call, which line by line cost more than serialising the line.
 */
export function bufferedStdout (): BufferedDestination {
  // bytes, encoded once: given text, the writer measured its UTF-8 length at every write (its whole pending text
  // included), had fs.write encode it, and encoded it again once written, to cut off the bytes written
  const writer = destination({ dest: 1, sync: false, minLength: WRITER_MIN_LENGTH, contentMode: 'buffer' })
  // its typings know only text; write is looked up at every call, as pino makes it a no-op once stdout is a closed
  // pipe (EPIPE): a write taken once would keep every later line in the writer's memory
  const bytesWriter = writer as unknown as { write: (bytes: Buffer) => boolean }
  let lines: string[] = []
  let length = 0
  // once the app has closed, lines go straight to the writer, which pino writes out at exit
  let closed = false
  const pass = (): void => {
    if (length === 0) return
    const batch = lines.join('')
    lines = []
    length = 0
    bytesWriter.write(Buffer.from(batch))
  }
  const stream: DestinationStream = {
    write (line: string) {
      if (closed) {
        bytesWriter.write(Buffer.from(line))
        return
      }
      lines.push(line)
      length += line.length
      if (length >= BATCH_CHARS) pass()
    }
  }
  const writeAll = (): void => {
    try {
      pass()
      writer.flush()
    } catch {
      // stdout is gone (a closed pipe): there is nowhere left to write
    }
  }
  const timer = setInterval(writeAll, FLUSH_INTERVAL_MS).unref()
  // pino writes its own buffer out at exit; the lines of the last turn are handed over first
  const atExit = (): void => {
    try {
      pass()
      writer.flushSync()
    } catch {
      // as above
    }
  }
  process.on('exit', atExit)
  return {
    stream,
    flush: async () => {
      clearInterval(timer)
      closed = true
      process.removeListener('exit', atExit)
      pass()
      await new Promise<void>(resolve => { writer.flush(() => { resolve() }) })
    }
  }
}
