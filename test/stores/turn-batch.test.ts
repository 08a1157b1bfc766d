import { setTimeout as sleep } from 'node:timers/promises'
import t, { type Test } from 'tap'
import { Redis } from 'ioredis'
import pino from 'pino'
import { RedisStore } from '../../src/stores/redis.js'
import { PrivateRedis, readsOf } from '../redis-helpers.js'

const quietLog = pino({ level: 'silent' })

async function storeOnPrivateRedis (t: Test): Promise<{ store: RedisStore, probe: Redis, server: PrivateRedis }> {
  const server = await PrivateRedis.start(t)
  const store = new RedisStore(server.storeConfig(), quietLog)
  t.teardown(() => store.close())
  const probe = new Redis(server.url)
  probe.on('error', () => { /* the server is stopped by one test: the probe is not used after it */ })
  t.teardown(() => { probe.disconnect() })
  await store.set('k', 'v')
  return { store, probe, server }
}

t.test('the commands of one turn reach Redis in one write, reads and writes alike', async t => {
  const { store, probe } = await storeOnPrivateRedis(t)
  const before = await readsOf(probe)
  const answers = await Promise.all(Array.from({ length: 50 }, async (_, i) => i % 2 === 0 ? await store.get('k') : await store.set(`k${i}`, 'w')))
  const reads = await readsOf(probe) - before
  t.same(answers, Array.from({ length: 50 }, (_, i) => i % 2 === 0 ? 'v' : true), 'every command answered, in order')
  // one read per batch (a slow machine may take more than one hold to send them) and the probe's INFO; one read per
  // command without the batch
  t.ok(reads - 1 <= 5, `50 commands read by Redis in ${reads - 1} read(s)`)
})

t.test('a long turn writes what it holds as it goes, not only at its end', async t => {
  const { store, probe } = await storeOnPrivateRedis(t)
  const before = await readsOf(probe)
  const first = Array.from({ length: 10 }, async () => await store.get('k'))
  // the turn goes on past the hold: a burst of requests being read, say
  const until = performance.now() + 5
  while (performance.now() < until);
  const second = Array.from({ length: 10 }, async () => await store.get('k'))
  t.same(await Promise.all([...first, ...second]), Array.from({ length: 20 }, () => 'v'))
  const reads = await readsOf(probe) - before
  // the first ten left when the eleventh came, the rest at the end of the turn (one read for all without the hold)
  t.ok(reads - 1 >= 2 && reads - 1 <= 4, `20 commands of a 5 ms turn read by Redis in ${reads - 1} reads`)
})

t.test('a command sent alone leaves at the end of its turn, from any phase of the event loop', async t => {
  const { store } = await storeOnPrivateRedis(t)
  for (let i = 0; i < 5; i++) t.equal(await store.get('k'), 'v', `one after another (${i})`)
  t.equal(await new Promise(resolve => { setImmediate(() => { resolve(store.get('k')) }) }), 'v', 'sent from a setImmediate callback')
  t.equal(await new Promise(resolve => { setTimeout(() => { resolve(store.get('k')) }, 1) }), 'v', 'sent from a timer')
  t.equal(await new Promise(resolve => { process.nextTick(() => { resolve(store.get('k')) }) }), 'v', 'sent from process.nextTick')
})

t.test('commands held when the store closes in the same turn are written before the connection ends', async t => {
  const { store } = await storeOnPrivateRedis(t)
  const reads = Array.from({ length: 10 }, async () => await store.get('k'))
  await store.close()
  t.same(await Promise.all(reads), Array.from({ length: 10 }, () => 'v'))
})

t.test('commands a dropped connection never answered fail, and the new connection is batched in its turn', async t => {
  const { store, server } = await storeOnPrivateRedis(t)
  server.pause()
  const held = Array.from({ length: 5 }, async () => await store.get('k'))
  await server.stop()
  for (const read of held) await t.rejects(read, 'no reply: failed, not left waiting')
  await server.restart()
  let answer: string | null | undefined
  // ioredis reconnects on its own schedule: asked again until it has
  for (let attempt = 0; attempt < 200 && answer === undefined; attempt++) {
    try {
      answer = await store.get('k')
    } catch {
      await sleep(25)
    }
  }
  // the restarted server holds no data: the read answers null once reconnected
  t.equal(answer, null, 'reconnected: answered again')
})
