import t from 'tap'
import { DecisionFeed, type DecisionRecord } from '../../src/core/decision-feed.js'
import { buildTestApp, nimble, nimbleBody, oneChain, withKeys } from '../helpers.js'

/** Each hook on a connection of its own, as separate publishers are (one stream per nginx-rtmp connection). */
let connections = 0

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

t.test('publish decisions reach the feed too, with the public name and never the key', async t => {
  const { app } = await buildTestApp(t, { ...withKeys(oneChain([])) as object, adapters: { nimble: { enabled: true }, nginxRtmp: { enabled: true } } })
  const key = await app.streamKeys.create('studio')
  const seen: DecisionRecord[] = []
  app.decisionFeed.subscribe(r => seen.push(r))
  const publish = async (name: string) => await app.inject({
    method: 'POST',
    url: '/nginx-rtmp',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ call: 'publish', app: 'live', name, addr: '198.51.100.20', clientid: String(++connections), tcurl: 'rtmp://127.0.0.1/live' }).toString()
  })
  t.equal((await publish(key)).statusCode, 302)
  t.equal((await publish('not-a-key-0123456789')).statusCode, 403)
  t.match(seen, [{ action: 'publish', stream: 'studio', subject: 'studio', outcome: 'allow', reason: 'valid-key' }, { action: 'publish', stream: '', outcome: 'deny', reason: 'unknown-key' }])
  t.notMatch(JSON.stringify(seen), key)
})
