import { randomUUID } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { Redis } from 'ioredis'
import t, { type Test } from 'tap'
import type { RedisNodes, StoreConfig } from '../../src/generated/store.js'
import { buildTestApp, freePort } from '../helpers.js'
import { spawnRedis } from '../redis-helpers.js'
import { fund, loadViewers, paywallConfig, reconcile, settle, tally, underLoad } from './paywall-load.js'

const NAME = 'streamgate-master'
const TIMEOUT_MS = 250

interface SentinelSet { master: number, replica: number, sentinels: number[] }

/** 1 master, 1 replica and 3 Sentinels (quorum 2) on loopback, stopped when the test ends. */
async function startSentinelSet (t: Test): Promise<SentinelSet> {
  const dir = t.testdir({})
  const [master, replica, ...sentinels] = await Promise.all(Array.from({ length: 5 }, freePort)) as [number, number, number, number, number]
  // --dir: a replica's full sync writes the master's snapshot to disk, in the test's directory rather than the cwd
  const server = (port: number): string[] => ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--dbfilename', `dump-${port}.rdb`]
  await spawnRedis(t, master, server(master))
  await spawnRedis(t, replica, [...server(replica), '--replicaof', '127.0.0.1', String(master)])
  for (const port of sentinels) {
    const conf = join(dir, `sentinel-${port}.conf`)
    writeFileSync(conf, `port ${port}\nbind 127.0.0.1\ndir ${dir}\nsentinel monitor ${NAME} 127.0.0.1 ${master} 2\nsentinel down-after-milliseconds ${NAME} 2000\nsentinel failover-timeout ${NAME} 10000\n`)
    await spawnRedis(t, port, [conf, '--sentinel'])
  }
  return { master, replica, sentinels }
}

/** Resolves once `check` holds, polling every 50 ms for up to `ms`. */
async function until (what: string, ms: number, check: () => Promise<boolean>): Promise<void> {
  for (const end = Date.now() + ms; !await check();) {
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`)
    await sleep(50)
  }
}

t.test('SENTINEL FAILOVER under load: no sale and no session lost', async t => {
  const set = await startSentinelSet(t)
  const sentinel = new Redis({ port: set.sentinels[0], host: '127.0.0.1' })
  t.teardown(() => sentinel.disconnect())
  await until('the Sentinel sees the replica', 10_000, async () => ((await sentinel.call('SENTINEL', 'REPLICAS', NAME)) as unknown[]).length === 1)

  const base = paywallConfig({ type: 'redis', sentinels: { name: NAME, nodes: set.sentinels.map(port => ({ host: '127.0.0.1', port })) as RedisNodes }, keyPrefix: `sgfault:${randomUUID()}:`, commandTimeout: 5000, connectTimeout: 10000, autoPipelining: false } satisfies StoreConfig, 10_000, TIMEOUT_MS)
  const store = (base as { store: StoreConfig }).store
  const { app } = await buildTestApp(t, base)
  await fund(store, loadViewers('pay'))
  // the balances must be on the replica before the failover, as they would be in production
  const replica = new Redis({ port: set.replica, host: '127.0.0.1' })
  t.teardown(() => replica.disconnect())
  await until('the replica has the balances', 5000, async () => (await replica.keys(`${store.keyPrefix}bal:*`)).length === loadViewers('pay').length)

  let failoverAt = 0
  let switchedAt = 0
  let demotedAt = 0
  const answers = await underLoad(app, async () => {
    failoverAt = Date.now()
    await sentinel.call('SENTINEL', 'FAILOVER', NAME)
    await until('Sentinel names the replica master', 15_000, async () => ((await sentinel.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', NAME)) as string[])[1] === String(set.replica))
    switchedAt = Date.now()
    await until('the old master is demoted', 15_000, async () => {
      const old = new Redis({ port: set.master, host: '127.0.0.1', lazyConnect: true })
      try {
        await old.connect()
        return (await old.role())[0] === 'slave'
      } finally {
        old.disconnect()
      }
    })
    demotedAt = Date.now()
  })
  await settle(app)
  // before the teardown stops the servers, so the app is not left reconnecting to them
  await app.close()

  const counts = tally(answers)
  t.comment(`switch after ${switchedAt - failoverAt} ms, old master demoted after ${demotedAt - failoverAt} ms; ${JSON.stringify(counts)}`)
  t.same(answers.filter(a => !['allow', 'on-error'].includes(a.outcome)).slice(0, 3), [], 'every answer an allow or onError (no 5xx, no limit)')
  const state = await reconcile(store, answers)
  t.comment(JSON.stringify({ ...state, missing: state.missing.length, phantom: state.phantom.length }))
  t.same({ missing: state.missing, phantom: state.phantom }, { missing: [], phantom: [] }, `places held on the new master (${state.held}) = sessions admitted (${state.admitted})`)
  t.equal(state.charged, state.paid, `windows charged on the new master (${state.charged}) = windows paid for (${state.paid})`)
})
