import t from 'tap'
import { DecisionFeed, type DecisionRecord } from '../../src/core/decision-feed.js'
import { buildTestApp, nimble, nimbleBody, oneChain } from '../helpers.js'

const record: DecisionRecord = { adapter: 'nimble', outcome: 'deny', reason: 'ip-denied', ms: 0.1 }

t.test('subscribers get each record until they unsubscribe', async t => {
  const feed = new DecisionFeed()
  t.equal(feed.watched, false)
  feed.publish(record)
  const got: DecisionRecord[] = []
  const stop = feed.subscribe(r => got.push(r))
  t.equal(feed.watched, true)
  feed.publish(record)
  stop()
  feed.publish(record)
  t.same(got, [record])
  t.equal(feed.watched, false)
})

t.test('a watcher that throws is dropped and never changes an answer', async t => {
  const { app } = await buildTestApp(t, oneChain([{ rule: 'ip-range', options: { deny: ['203.0.113.0/24'] } }], { default: 'allow' }))
  let calls = 0
  app.decisionFeed.subscribe(() => { calls++; throw new Error('watcher bug') })
  const seen: DecisionRecord[] = []
  app.decisionFeed.subscribe(r => seen.push(r))
  t.equal((await nimble(app, nimbleBody({ ip: '203.0.113.9' }))).status, 403)
  t.equal((await nimble(app, nimbleBody())).status, 200)
  t.equal(calls, 1, 'the faulty watcher was removed after its first throw')
  t.match(seen, [{ adapter: 'nimble', outcome: 'deny', reason: 'ip-denied', ip: '203.0.113.9' }, { outcome: 'allow' }])
})
