import t from 'tap'
import { buildTestApp } from '../helpers.js'
import { PrivateRedis } from '../redis-helpers.js'
import { type Answer, type Kind, ask, fund, paywallConfig, tally } from './paywall-load.js'

/** Bursts are repeated until this many requests have been answered: enough to tell 1 in 10,000 (FAULT_LONG=1: 5 times more). */
const REQUESTS = process.env.FAULT_LONG === '1' ? 50_000 : 10_000
const VIEWERS = 50
const CLOSED_LOOP_CLIENTS = 64
const CAPACITY_SAMPLE_MS = 1500

const kindOf = (i: number): Kind => i % 2 === 0 ? 'ses' : 'pay'
const viewerOf = (i: number): string => `${kindOf(i)}-v${i % VIEWERS}`

t.test('slow is not down: a healthy Redis behind a saturated instance, a burst of twice its capacity, default deadlines', async t => {
  const redis = await PrivateRedis.start(t)
  const store = redis.storeConfig()
  // production defaults: neither the store's commandTimeout nor the rules' timeoutMs given
  const { commandTimeout: _, ...defaults } = store
  const { app } = await buildTestApp(t, paywallConfig(defaults, 10_000))
  await fund(store, Array.from({ length: VIEWERS }, (_, v) => `pay-v${v}`))

  let n = 0
  // capacity: answers per second with the instance kept busy by a closed loop of clients
  const started = performance.now()
  let answered = 0
  await Promise.all(Array.from({ length: CLOSED_LOOP_CLIENTS }, async () => {
    while (performance.now() - started < CAPACITY_SAMPLE_MS) {
      const i = n++
      await ask(app, kindOf(i), viewerOf(i), `cap${i}`)
      answered++
    }
  }))
  const capacity = Math.round(answered / ((performance.now() - started) / 1000))

  const answers: Answer[] = []
  const burst = 2 * capacity
  do {
    // every request of the burst in flight at once: twice what the instance answers in a second
    answers.push(...await Promise.all(Array.from({ length: burst }, async () => {
      const i = n++
      return await ask(app, kindOf(i), viewerOf(i), `b${i}`)
    })))
  } while (answers.length < REQUESTS)

  const counts = tally(answers)
  const refused = answers.filter(a => a.outcome !== 'allow').length
  t.comment(`capacity ${capacity}/s, ${answers.length} requests in bursts of ${burst}: ${JSON.stringify(counts)}`)
  t.ok(refused * 10_000 < answers.length, `fewer than 1 in 10,000 refused (${refused} of ${answers.length})`)
})
