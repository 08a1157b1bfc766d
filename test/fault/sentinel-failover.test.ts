import type { ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import t, { type Test } from 'tap'
import type { RedisNodes, StoreConfig } from '../../src/generated/store.js'
import { buildTestApp, eventually, freePort } from '../helpers.js'
import { spawnRedis } from '../redis-helpers.js'
import { CONCURRENCY, fund, loadViewers, paywallConfig, reconcile, settle, tally, underLoad, type Reconciliation } from './paywall-load.js'

const NAME = 'streamgate-master'
const TIMEOUT_MS = 250

interface SentinelSet { master: ChildProcess, masterPort: number, replica: number, sentinels: number[] }

/** 1 master, 1 replica and 3 Sentinels (quorum 2) on loopback, stopped when the test ends. */
async function startSentinelSet (t: Test): Promise<SentinelSet> {
  const dir = t.testdir({})
  const [masterPort, replica, ...sentinels] = await Promise.all(Array.from({ length: 5 }, freePort)) as [number, number, number, number, number]
  // --dir: a replica's full sync writes the master's snapshot to disk, in the test's directory rather than the cwd
  const server = (port: number): string[] => ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--dbfilename', `dump-${port}.rdb`]
  const master = await spawnRedis(t, masterPort, server(masterPort))
  await spawnRedis(t, replica, [...server(replica), '--replicaof', '127.0.0.1', String(masterPort)])
  for (const port of sentinels) {
    const conf = join(dir, `sentinel-${port}.conf`)
    writeFileSync(conf, `port ${port}\nbind 127.0.0.1\ndir ${dir}\nsentinel monitor ${NAME} 127.0.0.1 ${masterPort} 2\nsentinel down-after-milliseconds ${NAME} 2000\nsentinel failover-timeout ${NAME} 10000\n`)
    await spawnRedis(t, port, [conf, '--sentinel'])
  }
  return { master, masterPort, replica, sentinels }
}

/** What `command` reads from the Redis on `port`; a probe refused or dropped (a master being reconfigured drops its clients) throws. */
async function probe<T> (port: number, command: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 })
  redis.on('error', () => { /* the caller asks again */ })
  try {
    await redis.connect()
    return await command(redis)
  } finally {
    redis.disconnect()
  }
}

const role = async (port: number): Promise<string> => await probe(port, async redis => String((await redis.role())[0]))

/**
 * Runs `fault` on a Sentinel-managed pair under load until the replica serves as master, and tells what the
 * new master holds against what viewers were told.
 */
async function failoverUnderLoad (t: Test, fault: (set: SentinelSet, sentinel: Redis) => Promise<void>): Promise<Reconciliation> {
  const set = await startSentinelSet(t)
  const sentinel = new Redis({ port: set.sentinels[0], host: '127.0.0.1' })
  t.teardown(() => sentinel.disconnect())
  await eventually('the Sentinel sees the replica', 10_000, async () => ((await sentinel.call('SENTINEL', 'REPLICAS', NAME)) as unknown[]).length === 1)

  const base = paywallConfig({ type: 'redis', sentinels: { name: NAME, nodes: set.sentinels.map(port => ({ host: '127.0.0.1', port })) as RedisNodes }, keyPrefix: `sgfault:${randomUUID()}:`, commandTimeout: 5000, connectTimeout: 10000, autoPipelining: false } satisfies StoreConfig, 10_000, TIMEOUT_MS)
  const store = (base as { store: StoreConfig }).store
  const { app } = await buildTestApp(t, base)
  await fund(store, loadViewers('pay'))
  // the replica in step with the master before the fault, as it would be in production: past its first sync
  // (a replica that has loaded the master's snapshot may not be sent the writes that follow for a while yet),
  // seen by a write made now reaching it, after the balances
  const marker = `${store.keyPrefix}replicated`
  await probe(set.masterPort, async redis => await redis.set(marker, '1'))
  await eventually('the replica is sent the master\'s writes', 10_000, async () => await probe(set.replica, async redis => await redis.get(marker)) === '1')
  t.equal((await probe(set.replica, async redis => await redis.keys(`${store.keyPrefix}bal:*`))).length, loadViewers('pay').length, 'the balances are on the replica')

  let switchedAt = 0
  const faultAt = Date.now()
  const answers = await underLoad(app, async () => {
    await fault(set, sentinel)
    await eventually('Sentinel names the replica master', 20_000, async () => ((await sentinel.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', NAME)) as string[])[1] === String(set.replica))
    switchedAt = Date.now()
    await eventually('the replica serves as master', 10_000, async () => await role(set.replica) === 'master')
  })
  // a client that lost its master retries once a second: it may not have reached the new one yet
  await eventually('the app reaches the new master', 10_000, async () => { await app.store.ping(); return true })
  await settle(app)
  // before the teardown stops the servers, so the app is not left reconnecting to them
  await app.close()

  const counts = tally(answers)
  t.comment(`switch after ${switchedAt - faultAt} ms; ${JSON.stringify(counts)}`)
  t.same(answers.filter(a => !['allow', 'on-error'].includes(a.outcome)).slice(0, 3), [], 'every answer an allow or onError (no 5xx, no limit)')
  t.ok(counts['ses allow'] !== undefined && counts['pay allow'] !== undefined, 'viewers were admitted and charged during the run')
  const state = await reconcile(store, answers)
  t.comment(JSON.stringify({ ...state, missing: state.missing.length, phantom: state.phantom.length }))
  return state
}

t.test('SENTINEL FAILOVER under load: no sale and no session lost', async t => {
  const state = await failoverUnderLoad(t, async (set, sentinel) => {
    await sentinel.call('SENTINEL', 'FAILOVER', NAME)
    // the old master takes writes until it is demoted: they must not have been answered on
    await eventually('the old master is demoted', 15_000, async () => await role(set.masterPort) === 'slave')
  })
  t.same({ missing: state.missing, phantom: state.phantom }, { missing: [], phantom: [] }, `places held on the new master (${state.held}) = sessions admitted (${state.admitted})`)
  t.equal(state.charged, state.paid, `windows charged on the new master (${state.charged}) = windows paid for (${state.paid})`)
})

t.test('master killed (SIGKILL) under load: no acknowledged write lost', async t => {
  const state = await failoverUnderLoad(t, async set => {
    const exited = once(set.master, 'exit')
    t.ok(set.master.kill('SIGKILL'), `master (pid ${set.master.pid ?? '?'}) killed`)
    await exited
  })
  t.same(state.missing, [], `every session admitted holds its place on the new master (${state.admitted} admitted)`)
  t.ok(state.charged >= state.paid, `every window paid for was charged on the new master (${state.charged} charged, ${state.paid} paid)`)
  // a write the master applied and replicated but whose reply died with it cannot be told from one that never
  // arrived: its request was answered onError and the write stays (a place until its heartbeat, a window charged)
  const unknown = state.phantom.length + state.charged - state.paid
  t.ok(unknown <= CONCURRENCY, `writes left by requests in flight at the kill (${unknown}) at most one per client (${CONCURRENCY})`)
})
