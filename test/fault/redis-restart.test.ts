import { randomUUID } from 'node:crypto'
import { Agent } from 'node:http'
import pino from 'pino'
import t from 'tap'
import { Sessions } from '../../src/paywall/sessions.js'
import { RedisStore } from '../../src/stores/redis.js'
import { type HttpAnswer, exchange, healthz, startTarget } from '../fuzz/harness.js'
import { PrivateRedis } from '../redis-helpers.js'

const VIEWERS = 20
const SESSIONS_PER_VIEWER = 5
const LIMIT = 3
const TIMEOUT_MS = 250
/** Room for a 2-core machine that runs other test files at the same time. */
const SLACK_MS = 1250
const CONCURRENCY = 24
const STUB = 'http://media.example.com/live/outage/playlist.m3u8'

interface Answered {
  viewer: string
  session: string
  sentAt: number
  answeredAt: number
  /** allow, limit, on-error, or what else came back */
  outcome: string
}

function outcomeOf (answer: HttpAnswer): Answered['outcome'] {
  const body = JSON.parse(answer.body.toString()) as { return_code?: number, redirect_location?: string }
  if (answer.status === 200 && body.return_code === 200) return 'allow'
  if (answer.status === 403 && body.return_code === 403) return 'limit'
  if (answer.status === 302 && body.redirect_location === STUB) return 'on-error'
  return `HTTP ${answer.status} ${answer.body.toString()}`
}

t.test('Redis killed and restarted under load: onError answers in time, recovery by itself, consistent session counts', async t => {
  const redis = await PrivateRedis.start(t)
  const keyPrefix = `sgfault:${randomUUID()}:`
  const target = await startTarget(t, {
    server: { port: 0 },
    log: { level: 'info' },
    store: { type: 'redis', url: redis.url, keyPrefix, commandTimeout: TIMEOUT_MS },
    policies: [{
      name: 'sessions',
      rules: [{
        rule: 'concurrent-sessions',
        // the outage answer is a redirect to a stub, so it cannot be mistaken for a limit deny
        options: { limit: LIMIT, viewer: { from: 'query', name: 'viewer' }, heartbeatSeconds: 600, onAdmitted: 'allow', onLimit: 'deny', onError: { redirect: STUB }, timeoutMs: TIMEOUT_MS }
      }],
      default: 'deny'
    }]
  })

  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY })
  t.teardown(() => agent.destroy())
  const answers: Answered[] = []
  let running = true
  let n = 0
  /** A latch on the load's progress: resolves once `count` more answers match, so phases end by events, not time. */
  let latch: { matches: (a: Answered) => boolean, left: number, open: () => void } | undefined
  const until = async (matches: (a: Answered) => boolean, count: number): Promise<void> =>
    await new Promise(resolve => { latch = { matches, left: count, open: resolve } })
  const worker = async (): Promise<void> => {
    while (running) {
      const i = n++
      const viewer = `v${i % VIEWERS}`
      const session = `s${Math.floor(i / VIEWERS) % SESSIONS_PER_VIEWER}`
      const body = Buffer.from(JSON.stringify({ url: `/live/stream/playlist.m3u8?viewer=${viewer}`, ip: '198.51.100.7', session_id: `${viewer}-${session}` }))
      const sentAt = performance.now()
      const answer = await exchange(agent, target.port, { method: 'POST', path: '/nimble/auth', headers: { 'content-type': 'application/json' }, body })
      const answered: Answered = { viewer, session: `${viewer}-${session}`, sentAt, answeredAt: performance.now(), outcome: outcomeOf(answer) }
      answers.push(answered)
      if (latch?.matches(answered) === true && --latch.left === 0) latch.open()
    }
  }
  const load = Promise.all(Array.from({ length: CONCURRENCY }, worker))

  await until(a => a.outcome === 'limit', 100)
  await redis.stop()
  const killedAt = performance.now()
  await until(a => a.sentAt > killedAt, 500)
  const restartAt = performance.now()
  await redis.restart()
  const restartedAt = performance.now()
  await until(a => a.sentAt > restartedAt && a.outcome === 'allow', 1)
  await until(a => a.sentAt > restartedAt, 500)
  running = false
  await load

  const unexpected = answers.filter(a => !['allow', 'limit', 'on-error'].includes(a.outcome))
  t.same(unexpected.slice(0, 5), [], 'every answer is an allow, a limit deny or the onError redirect (no 5xx)')
  const slow = answers.filter(a => a.answeredAt - a.sentAt > TIMEOUT_MS + SLACK_MS)
  t.same(slow.slice(0, 5).map(a => Math.round(a.answeredAt - a.sentAt)), [], `every answer within ${TIMEOUT_MS} ms + ${SLACK_MS} ms slack`)

  const before = answers.filter(a => a.answeredAt < killedAt)
  t.ok(before.some(a => a.outcome === 'allow') && before.some(a => a.outcome === 'limit'), 'before the outage: admitted and limited sessions')

  const outage = answers.filter(a => a.sentAt > killedAt && a.answeredAt < restartAt)
  t.ok(outage.length > 50, `load went on through the outage (${outage.length} answers)`)
  t.same([...new Set(outage.map(a => a.outcome))], ['on-error'], 'during the outage every answer is the configured onError outcome')

  const firstAllow = answers.find(a => a.sentAt > restartedAt && a.outcome === 'allow')
  t.ok(firstAllow !== undefined && firstAllow.answeredAt - restartedAt < 2500, 'sessions are admitted again within 2.5 s of Redis coming back, without restarting streamgate')

  // The restarted Redis starts empty: its leases must be exactly the sessions admitted since, plus at most
  // sessions whose answer was the onError outcome (a lease taken just as the rule's deadline passed).
  const store = new RedisStore({ type: 'redis', url: redis.url, keyPrefix, commandTimeout: 1000, connectTimeout: 10000, autoPipelining: false }, pino({ level: 'silent' }))
  t.teardown(() => store.close())
  const sessions = new Sessions(store)
  const after = answers.filter(a => a.answeredAt > restartAt)
  for (let v = 0; v < VIEWERS; v++) {
    const viewer = `v${v}`
    const held = new Set((await sessions.list(viewer)).map(l => l.member))
    const admitted = new Set(after.filter(a => a.viewer === viewer && a.outcome === 'allow').map(a => a.session))
    const erred = new Set(after.filter(a => a.viewer === viewer && a.outcome === 'on-error').map(a => a.session))
    const missing = [...admitted].filter(s => !held.has(s))
    const phantom = [...held].filter(s => !admitted.has(s) && !erred.has(s))
    t.same({ missing, phantom, overLimit: held.size > LIMIT }, { missing: [], phantom: [], overLimit: false }, `${viewer}: Redis holds exactly the admitted sessions`)
  }
  t.equal(await healthz(target.port), 200, 'streamgate still answers /healthz')
  t.comment(`${answers.length} answers: ${before.length} before the kill, ${outage.length} during the outage, ${after.length} after the restart`)
})
