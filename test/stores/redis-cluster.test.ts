import { spawnSync } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'
import t, { type Test } from 'tap'
import { Redis } from 'ioredis'
import { Balances } from '../../src/paywall/balances.js'
import { buildTestApp, freePort, nimble, nimbleBody, oneChain } from '../helpers.js'
import { spawnRedis } from '../redis-helpers.js'

/** Three private cluster nodes on free loopback ports, slots spread over them, stopped when the test ends. */
async function startCluster (t: Test): Promise<{ ports: number[], probe: Redis }> {
  const dir = t.testdir({})
  const ports = [await freePort(), await freePort(), await freePort()]
  await Promise.all(ports.map(async port => {
    await spawnRedis(t, port, ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes',
      '--cluster-config-file', `nodes-${port}.conf`, '--dir', dir, '--save', '', '--appendonly', 'no'])
  }))
  const created = spawnSync('redis-cli', ['--cluster', 'create', ...ports.map(p => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], { encoding: 'utf8' })
  if (created.status !== 0) throw new Error(`cluster create failed: ${created.stdout}${created.stderr}`)
  const probe = new Redis(ports[0]!, '127.0.0.1')
  t.teardown(() => probe.disconnect())
  for (let i = 0; !(await probe.cluster('INFO')).includes('cluster_state:ok'); i++) {
    if (i > 100) throw new Error('cluster did not reach state ok')
    await sleep(100)
  }
  return { ports, probe }
}

t.test('the rules keep their atomic state on a Redis Cluster (keys of one viewer share a slot)', async t => {
  const { ports, probe } = await startCluster(t)
  const { app } = await buildTestApp(t, {
    ...(oneChain([
      { rule: 'concurrent-sessions', options: { limit: 2, viewer: { from: 'query', name: 'viewer' }, timeoutMs: 2000, onAdmitted: 'abstain' } },
      { rule: 'pay-per-minute', options: { viewer: { from: 'query', name: 'viewer' }, timeoutMs: 2000 } }
    ], { default: 'allow' }) as object),
    store: { type: 'redis', cluster: { nodes: ports.map(port => ({ host: '127.0.0.1', port })) }, commandTimeout: 2000 }
  })
  const viewers = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank']
  const balances = new Balances(app.store)
  for (const viewer of viewers) await balances.topUp(viewer, 120)
  const ask = async (viewer: string, session: string) =>
    (await nimble(app, nimbleBody({ url: `/live/s/playlist.m3u8?viewer=${viewer}`, session_id: session }))).status

  for (const viewer of viewers) {
    t.equal(await ask(viewer, '1'), 200, `${viewer}: first session, first window`)
    t.equal(await ask(viewer, '1'), 200, `${viewer}: the same window again is free`)
    t.equal(await ask(viewer, '2'), 200, `${viewer}: second session, second window`)
    t.equal(await ask(viewer, '3'), 403, `${viewer}: a third session is over the limit`)
  }
  t.same(await Promise.all(viewers.map(async v => (await balances.read(v)).seconds)), viewers.map(() => 0), 'two windows of 60 s taken from each balance, once each')

  const owners = await Promise.all(viewers.map(async v => await probe.cluster('KEYSLOT', `{${v}}`)))
  const slots = await probe.cluster('SLOTS')
  const nodesUsed = new Set(owners.map(slot => slots.find(([from, to]) => slot >= from && slot <= to)?.[2]?.[1]))
  t.ok(nodesUsed.size > 1, `the viewers' keys sit on ${nodesUsed.size} nodes, so the cluster was really used`)
})
