import { type ChildProcess, spawnSync } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'
import t, { type Test } from 'tap'
import { Redis } from 'ioredis'
import pino from 'pino'
import type { AccessRequest } from '../../src/core/access-request.js'
import type { RedisNodes } from '../../src/generated/store.js'
import { Balances } from '../../src/paywall/balances.js'
import { ownersKey, Sessions } from '../../src/paywall/sessions.js'
import { RedisStore } from '../../src/stores/redis.js'
import { buildTestApp, freePort, nimble, nimbleBody, oneChain } from '../helpers.js'
import { spawnRedis } from '../redis-helpers.js'

/** Three private cluster nodes on free loopback ports, slots spread over them, stopped when the test ends. */
async function startCluster (t: Test): Promise<{ ports: number[], nodes: ChildProcess[], probe: Redis }> {
  const dir = t.testdir({})
  const ports = [await freePort(), await freePort(), await freePort()]
  const nodes = await Promise.all(ports.map(async port => {
    return await spawnRedis(t, port, ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes',
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
  return { ports, nodes, probe }
}

/** The port of the node serving `key`. */
async function nodeOf (probe: Redis, key: string): Promise<number> {
  const slot = await probe.cluster('KEYSLOT', key)
  const [, , node] = (await probe.cluster('SLOTS')).find(([first, last]) => slot >= first && slot <= last)!
  return node![1]
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

t.test('on a Redis Cluster a session\'s owner is noted on its own slot, beside the lease: a done hook without the viewer ends it', async t => {
  const { ports, probe } = await startCluster(t)
  const { app } = await buildTestApp(t, {
    ...(oneChain([{ rule: 'concurrent-sessions', options: { limit: 1, viewer: { from: 'query', name: 'viewer' }, timeoutMs: 2000 } }], { default: 'allow' }) as object),
    store: { type: 'redis', cluster: { nodes: ports.map(port => ({ host: '127.0.0.1', port })) }, commandTimeout: 2000 }
  })
  const sessions = new Sessions(app.store)
  const ask = async (viewer: string, session: string) =>
    (await nimble(app, nimbleBody({ url: `/live/s/playlist.m3u8?viewer=${viewer}`, session_id: session }))).status
  const done = async (session: string) => {
    const request: AccessRequest = { action: 'play', protocol: 'RTMP', host: 'h', url: { href: 'rtmp://h/live/s', path: '/live/s', app: 'live', stream: 's', query: {} }, ip: '192.0.2.1', userAgent: '', referer: '', sessionId: session, raw: {} }
    await app.endSession(request, { log: app.log })
  }
  const slots = await Promise.all(['ses:{alice}', 'ses:{bob}', ownersKey('live/s', '1'), ownersKey('live/s', '2')].map(async key => await probe.cluster('KEYSLOT', key)))
  t.equal(new Set(slots).size, 4, 'the viewers\' keys and the sessions\' owners are all of different slots')

  t.equal(await ask('alice', '1'), 200)
  t.equal(await ask('alice', '2'), 403, 'over the limit')
  await done('1')
  t.same(await sessions.list('alice'), [], 'the done hook found whose session it was')
  t.equal(await ask('alice', '2'), 200)
  t.equal(await sessions.kick('alice', '2', 60_000), true)
  t.equal(await ask('alice', '2'), 403, 'a kicked session is refused')
  t.same(await sessions.list('alice'), [])

  // on a Cluster the owner's note is written whatever the lease's outcome: a refused viewer's is harmless
  t.equal(await ask('alice', '1'), 200)
  t.equal(await ask('bob', 'b0'), 200)
  t.equal(await ask('bob', '1'), 403, 'bob, at his limit, is refused with alice\'s session id')
  await done('1')
  t.same(await sessions.list('alice'), [], 'alice\'s session ended')
  t.same((await sessions.list('bob')).map(l => l.member), ['b0'], 'bob keeps his own')

  await app.store.set('owners:{x}', 'a string')
  await t.rejects(app.store.acquireLease('ses:{carol}', 's', 1, 60_000, undefined, { note: { key: 'owners:{x}', field: 'carol' } }),
    'a note that cannot be written on its node fails the call...')
  t.same(await app.store.leases('ses:{carol}'), [], '...and the place taken on the other node is given back')
})

t.test('on a Redis Cluster a refusal is the lease\'s answer alone: a frozen owners node lets no over-limit or kicked viewer in', async t => {
  const { ports, nodes, probe } = await startCluster(t)
  const { app } = await buildTestApp(t, {
    ...(oneChain([{ rule: 'concurrent-sessions', options: { limit: 1, viewer: { from: 'query', name: 'viewer' }, timeoutMs: 300, onError: 'allow', onAdmitted: 'abstain' } }], { default: 'allow' }) as object),
    store: { type: 'redis', cluster: { nodes: ports.map(port => ({ host: '127.0.0.1', port })) }, commandTimeout: 1000 }
  })
  const sessions = new Sessions(app.store)
  const ask = async (viewer: string, session: string) =>
    (await nimble(app, nimbleBody({ url: `/live/s/playlist.m3u8?viewer=${viewer}`, session_id: session }))).status
  // two sessions whose owners are noted on a node other than alice's leases'
  const aliceNode = await nodeOf(probe, 'ses:{alice}')
  const frozenNode = ports.find(port => port !== aliceNode)!
  const onFrozen: string[] = []
  for (let i = 0; onFrozen.length < 2; i++) if (await nodeOf(probe, ownersKey('live/s', `s${i}`)) === frozenNode) onFrozen.push(`s${i}`)
  const [held, over] = onFrozen as [string, string]

  t.equal(await ask('alice', held), 200, 'alice holds her one place')
  const frozen = nodes[ports.indexOf(frozenNode)]!
  frozen.kill('SIGSTOP')
  t.teardown(() => { frozen.kill('SIGCONT') })
  t.equal(await ask('alice', over), 403, 'a second session is over the limit, though its owners\' node does not answer')
  t.equal(await sessions.kick('alice', held, 60_000), true)
  t.equal(await ask('alice', held), 403, 'the kicked session stays out, though its owners\' node does not answer')
  t.equal(await ask('alice', over), 200, 'a place taken whose note does not answer is onError (allow)')
  frozen.kill('SIGCONT')
  t.equal(await ask('alice', over), 200, 'with the node back, the place is taken and noted')
  t.same(Object.keys(await app.store.hgetall(ownersKey('live/s', over))), ['alice'])
})

t.test('on a Redis Cluster a viewer id opening with } is counted and charged like any other', async t => {
  const { ports } = await startCluster(t)
  const { app } = await buildTestApp(t, {
    ...(oneChain([{ rule: 'concurrent-sessions', options: { limit: 1, viewer: { from: 'query', name: 'viewer' }, timeoutMs: 2000, onError: 'allow', onAdmitted: 'abstain' } }], { default: 'allow' }) as object),
    store: { type: 'redis', cluster: { nodes: ports.map(port => ({ host: '127.0.0.1', port })) }, commandTimeout: 2000 }
  })
  const ask = async (viewer: string, session: string) =>
    (await nimble(app, nimbleBody({ url: `/live/s/playlist.m3u8?viewer=${encodeURIComponent(viewer)}`, session_id: session }))).status
  for (const viewer of ['}eve', '{}eve', '{eve']) {
    t.equal(await ask(viewer, '1'), 200, `${viewer} is admitted`)
    t.equal(await ask(viewer, '2'), 403, `${viewer}: a second session is over the limit, not onError`)
  }
  const balances = new Balances(app.store)
  await balances.topUp('}eve', 10)
  t.same(await balances.chargeWindow('}eve', 's1', 4), { status: 'charged', balance: 6 }, 'a charge is one script on one slot')
})

t.test('on a Redis Cluster a command a frozen node never answers fails as timed out', async t => {
  const { ports, nodes, probe } = await startCluster(t)
  const cluster = { nodes: ports.map(port => ({ host: '127.0.0.1', port })) as RedisNodes }
  const { app } = await buildTestApp(t, { ...(oneChain([]) as object), store: { type: 'redis', cluster, commandTimeout: 300 } })
  await app.store.set('{frozen}k', 'v')
  const closing = new RedisStore({ type: 'redis', cluster, keyPrefix: '', commandTimeout: 300, connectTimeout: 10_000, autoPipelining: false }, pino({ level: 'silent' }))
  t.equal(await closing.get('{frozen}k'), null, 'a second store on the cluster')
  const frozen = nodes[ports.indexOf(await nodeOf(probe, '{frozen}k'))]!
  frozen.kill('SIGSTOP')
  t.teardown(() => { frozen.kill('SIGCONT') })
  const started = performance.now()
  await t.rejects(app.store.get('{frozen}k'), { code: 'SG_STORE_TIMEOUT' })
  t.ok(performance.now() - started >= 300, 'after commandTimeout')
  const inFlight = closing.get('{frozen}k')
  inFlight.catch(() => undefined)
  await closing.close()
  await t.rejects(inFlight, 'closing while a node is frozen ends, and fails the call in flight')
  frozen.kill('SIGCONT')
  t.equal(await app.store.get('{frozen}k'), 'v', 'the node back, answered again')
})
