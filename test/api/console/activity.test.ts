import t from 'tap'
import { Activity } from '../../../src/api/console/activity.js'
import { DecisionFeed, type DecisionRecord } from '../../../src/core/decision-feed.js'

const decision = (outcome: string, reason: string): DecisionRecord => ({ adapter: 'nimble', outcome, reason, ms: 0.1 })

t.test('counts fall into 10-second buckets and leave the window after 15 minutes', async t => {
  const feed = new DecisionFeed()
  let now = Date.UTC(2026, 0, 1, 12, 0, 3)
  const activity = new Activity(feed, () => now)
  feed.publish(decision('deny', 'ip-denied'))
  feed.publish(decision('deny', 'ip-denied'))
  feed.publish(decision('allow', 'all-abstained'))
  now += 10_000
  feed.publish(decision('deny', 'token-expired'))
  t.same(activity.counts(), [
    { start: Date.UTC(2026, 0, 1, 12, 0, 0), counts: [{ outcome: 'deny', reason: 'ip-denied', count: 2 }, { outcome: 'allow', reason: 'all-abstained', count: 1 }] },
    { start: Date.UTC(2026, 0, 1, 12, 0, 10), counts: [{ outcome: 'deny', reason: 'token-expired', count: 1 }] }
  ])
  now += 15 * 60_000 - 10_000
  t.same(activity.counts().map(b => b.start), [Date.UTC(2026, 0, 1, 12, 0, 10)], 'the oldest bucket is out of the window')
  now += 10_000
  t.same(activity.counts(), [], 'nothing older than 15 minutes')
})

t.test('the backlog keeps the last 200 decisions; closing stops listening', async t => {
  const feed = new DecisionFeed()
  const activity = new Activity(feed)
  for (let i = 0; i < 250; i++) feed.publish({ ...decision('allow', 'ok'), ip: `198.51.100.${i % 256}` })
  t.equal(activity.recent().length, 200)
  t.equal(activity.recent()[0]?.ip, '198.51.100.50')
  const seen: string[] = []
  activity.watch(d => seen.push(d.reason))
  feed.publish(decision('deny', 'late'))
  activity.close()
  t.equal(feed.watched, false)
  feed.publish(decision('deny', 'after-close'))
  t.same(seen, ['late'])
})
