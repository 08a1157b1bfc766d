import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { ConsoleFeedEvent } from '../../generated/console/feed-event.js'
import type { ConsoleFeedQuery } from '../../generated/console/feed-query.js'
import { schemaById } from '../../schemas.js'
import type { Activity, StampedDecision } from './activity.js'

export interface LiveFeedOptions {
  activity: Activity
  /** Whether the watcher is still signed in; checked at each flush, so a sign-out or expiry ends the stream. */
  signedIn: (request: FastifyRequest) => boolean
}

const FLUSH_MS = 200
/** Per flush: a browser shows a few hundred rows; the rest of a burst is counted, not sent. */
const MAX_PER_FLUSH = 200
const HEARTBEAT_MS = 15_000

export function matcher ({ outcome, adapter, reason, stream, ip }: ConsoleFeedQuery): (d: StampedDecision) => boolean {
  return d =>
    (outcome === undefined || outcome === '' || d.outcome === outcome) &&
    (adapter === undefined || adapter === '' || d.adapter === adapter) &&
    (reason === undefined || reason === '' || d.reason === reason) &&
    (stream === undefined || stream === '' || `${d.app ?? ''}/${d.stream ?? ''}`.includes(stream)) &&
    (ip === undefined || ip === '' || (d.ip ?? '').startsWith(ip))
}

/**
 * GET /api/decisions: Server-Sent Events of the decisions that match the filters, starting with the recent
 * ones. Decisions are batched every 200 ms, so a flood costs one write per watcher per batch.
 */
const liveFeed: FastifyPluginAsync<LiveFeedOptions> = async (app, { activity, signedIn }) => {
  const open = new Set<() => void>()
  app.addHook('preClose', async () => { for (const close of open) close() })

  app.get<{ Querystring: ConsoleFeedQuery }>('/api/decisions', { schema: { querystring: schemaById('console/feed-query') } }, async (request, reply) => {
    const matches = matcher(request.query)
    let queue = activity.recent().filter(matches).slice(-MAX_PER_FLUSH)
    let dropped = 0
    const stopWatching = activity.watch(decision => {
      if (!matches(decision)) return
      if (queue.length < MAX_PER_FLUSH) queue.push(decision)
      else dropped++
    })
    const res = reply.raw
    let lastWrite = Date.now()
    const flush = (): void => {
      if (res.writableEnded) return
      if (!signedIn(request)) {
        res.end('event: signed-out\ndata: {}\n\n')
        return
      }
      if (queue.length > 0 || dropped > 0) {
        const event: ConsoleFeedEvent = { decisions: queue, dropped }
        queue = []
        dropped = 0
        res.write(`data: ${JSON.stringify(event)}\n\n`)
        lastWrite = Date.now()
      } else if (Date.now() - lastWrite > HEARTBEAT_MS) {
        res.write(': keep-alive\n\n')
        lastWrite = Date.now()
      }
    }
    const timer = setInterval(flush, FLUSH_MS)
    const close = (): void => {
      clearInterval(timer)
      stopWatching()
      open.delete(close)
      if (!res.writableEnded) res.end()
    }
    open.add(close)
    res.on('close', close)

    reply.hijack()
    for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) res.setHeader(name, value)
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' })
    res.write('retry: 2000\n\n')
    flush()
  })
}

export default liveFeed
