// Capacity figures and a scaled-down join storm (bench/CAPACITY.md).
// 1. Calibration: one streamgate process per chain under wrk; per decision: CPU seconds of the process (so the
//    figure is per core, whatever else the machine runs), Redis commands (INFO commandstats deltas on every node
//    of a private 3-node Redis Cluster) and Redis CPU seconds.
// 2. Join storm: --instances streamgate processes on the same cluster, each driven at once by its own wrk with
//    viewers joining (a distinct signed token and session each). The calibration predicts the storm's CPU,
//    Redis commands, their spread over the shards and its throughput for the CPU the instances got; the
//    measured figures are printed beside the predicted ones.
// Usage: npm run bench:capacity [-- --instances 3 --seconds 6 --connections 16 --viewers 5000 --cpu-prof]
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { Cluster } from 'ioredis'
import { signUrl } from '../dist/src/signing/sign-url.js'
import { BENCH_TOKEN_KEY, cpuSeconds, freePort, loadAverage, nimbleBody, playlistSignedUri, root, startCluster, startStreamgate, topSelfTime, viewerSignedUrl, wrkAsync } from './lib.mjs'

const { values } = parseArgs({
  options: {
    instances: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '6' },
    connections: { type: 'string', default: '16' },
    viewers: { type: 'string', default: '5000' },
    'cpu-prof': { type: 'boolean', default: false }
  }
})
const instances = Number(values.instances)
const seconds = Number(values.seconds)
const connections = Number(values.connections)
const dir = mkdtempSync(join(tmpdir(), 'sg-capacity-'))
const tokenKey = BENCH_TOKEN_KEY

/** The Nimble event chain: the token names the viewer, at most 3 sessions each, an entitlement to the event. */
const eventConfig = nodes => `server: { host: 127.0.0.1, port: "\${PORT}" }
log: { level: info }
store: { type: redis, cluster: { nodes: ${JSON.stringify(nodes)} }, keyPrefix: "sgcap:", commandTimeout: 500 }
policies:
  - name: event
    match: { app: live }
    rules:
      - rule: signed-token
        options: { scheme: native, keys: [{ id: bench, secret: "${tokenKey}" }], onValid: abstain }
      - rule: concurrent-sessions
        options: { limit: 3, heartbeatSeconds: 90, onAdmitted: abstain, timeoutMs: 500 }
      - rule: pay-per-view
        options: { events: { final: ["live/*"] }, timeoutMs: 500 }
    default: deny
`

const joinBody = viewer => nimbleBody(signUrl({ stream: '/live/final/playlist.m3u8', scope: '/live/final/*', key: tokenKey, kid: 'bench', viewer, ttl: 86_400, baseUrl: 'http://tv.example.com' }), `s-${viewer}`)

/** A file of join bodies for viewers [from, to), each entitled to the event. */
async function viewers (redis, from, to) {
  const lines = []
  for (let start = from; start < to; start += 500) {
    const batch = Array.from({ length: Math.min(500, to - start) }, (_, i) => `v${start + i}`)
    await Promise.all(batch.map(async viewer => await redis.hset(`sgcap:ppv:{${viewer}}`, 'event:final', '')))
    lines.push(...batch.map(joinBody))
  }
  const file = join(dir, `viewers-${from}.txt`)
  writeFileSync(file, lines.join('\n') + '\n')
  return file
}

const fixedBody = nimbleBody(viewerSignedUrl(), '12345')
const hlsUri = playlistSignedUri().replace('index.m3u8', 'seg-1042.ts')

async function streamgate (name, config, port) {
  return await startStreamgate({
    name, config, port,
    env: { TOKEN_KEY: tokenKey, STREAMGATE_TOKEN_KEY: tokenKey, STREAMGATE_PORT: String(port) },
    profileDir: values['cpu-prof'] ? join(dir, 'profiles', name.replace(/\W+/g, '-')) : undefined
  })
}

const sumCalls = counters => counters.reduce((n, node) => n + Object.values(node.calls).reduce((a, b) => a + b, 0), 0)
const sumCpu = counters => counters.reduce((n, node) => n + node.cpu, 0)

/** Drives targets at once for `seconds`; returns wrk's results and the CPU and Redis work it took. */
async function measure (cluster, drives) {
  const cpuBefore = drives.map(d => cpuSeconds(d.target.child.pid))
  const redisBefore = cluster.counters()
  const started = process.hrtime.bigint()
  const results = await Promise.all(drives.map(async d => await wrkAsync({ url: `http://127.0.0.1:${d.target.port}${d.path}`, seconds, connections, ...d.request })))
  const wall = Number(process.hrtime.bigint() - started) / 1e9
  const redisAfter = cluster.counters()
  const cpu = drives.map((d, i) => cpuSeconds(d.target.child.pid) - cpuBefore[i])
  const perNode = redisAfter.map((node, i) => sumCalls([node]) - sumCalls([redisBefore[i]]))
  const byCommand = {}
  for (const [i, node] of redisAfter.entries()) {
    for (const [name, n] of Object.entries(node.calls)) byCommand[name] = (byCommand[name] ?? 0) + n - (redisBefore[i].calls[name] ?? 0)
  }
  const decisions = results.reduce((n, r) => n + r.requests, 0)
  return {
    results, wall, cpu, decisions,
    refused: results.reduce((n, r) => n + r.badStatus + r.socketErrors, 0),
    commands: perNode.reduce((a, b) => a + b, 0),
    perNode,
    byCommand: Object.fromEntries(Object.entries(byCommand).filter(([, n]) => n > 0)),
    redisCpu: sumCpu(redisAfter) - sumCpu(redisBefore)
  }
}

const cluster = await startCluster()
const redis = new Cluster(cluster.nodes)
const started = []
try {
  const eventYaml = join(dir, 'event.yaml')
  writeFileSync(eventYaml, eventConfig(cluster.nodes))
  const perInstance = Number(values.viewers)
  const warmupViewers = await viewers(redis, 0, perInstance)
  const calibrationViewers = await viewers(redis, perInstance, 2 * perInstance)
  const stormViewers = await Promise.all(Array.from({ length: instances }, async (_, i) => await viewers(redis, (i + 2) * perInstance, (i + 3) * perInstance)))
  const loadBefore = loadAverage()

  const chains = [
    { name: 'two-rule chain (Nimble)', config: `${root}bench/nimble.yaml`, path: '/nimble/auth', request: { body: fixedBody } },
    { name: 'realistic five-rule chain (Nimble)', config: `${root}bench/realistic.yaml`, path: '/nimble/auth', request: { body: fixedBody } },
    { name: 'native token (nginx auth_request, examples/nginx/hls-dash-tree.yaml)', config: `${root}examples/nginx/hls-dash-tree.yaml`, path: '/nginx/auth', request: { method: 'GET', headers: { 'X-Original-URI': hlsUri, 'X-Real-IP': '198.51.100.7', 'X-Forwarded-For': '198.51.100.7', Host: 'tv.example.com' } } },
    { name: 'Nimble event: token + concurrent-sessions + pay-per-view on the cluster', config: eventYaml, path: '/nimble/auth', request: { bodies: calibrationViewers } }
  ]
  const calibration = []
  for (const chain of chains) {
    const target = await streamgate(chain.name, chain.config, await freePort())
    started.push(target)
    await wrkAsync({ url: `http://127.0.0.1:${target.port}${chain.path}`, seconds: 2, connections, ...chain.request, ...(chain.request.bodies === undefined ? {} : { bodies: warmupViewers }) }) // warm-up
    const m = await measure(cluster, [{ target, path: chain.path, request: chain.request }])
    await target.stop()
    calibration.push({ ...chain, ...m, perCpuSecond: m.decisions / m.cpu[0], perDecision: m.commands / m.decisions, redisCpuPerCommand: m.commands === 0 ? 0 : m.redisCpu / m.commands })
  }
  const event = calibration.at(-1)

  // the storm: every instance at once, each with its own viewers joining
  const storm = await Promise.all(stormViewers.map(async (file, i) => ({ target: await streamgate(`instance ${i + 1}`, eventYaml, await freePort()), path: '/nimble/auth', request: { bodies: file } })))
  started.push(...storm.map(d => d.target))
  const s = await measure(cluster, storm)
  const stormCpu = s.cpu.reduce((a, b) => a + b, 0)

  console.log(`${new Date().toISOString()} · ${cpus().length}× ${cpus()[0]?.model} · Node ${process.version} · wrk -t1 -c${connections}, ${seconds} s per measurement · load average before ${loadBefore}, after ${loadAverage()}\n`)
  // commandstats counts the commands a Lua script runs too, and cannot tell a script's HGETALL from the client's: the
  // column counts both (the event chain sends two scripts together and one HGETALL, and its owner script reads a hash)
  const calls = byCommand => Object.entries(byCommand).filter(([name]) => ['evalsha', 'eval', 'hgetall'].includes(name)).reduce((n, [, c]) => n + c, 0)
  console.log('| chain | decisions | CPU s | decisions per CPU second | scripts and HGETALLs per decision (those scripts run too) | Redis commands per decision (with those inside Lua) | Redis CPU µs per decision | refused |\n|---|---|---|---|---|---|---|---|')
  for (const c of calibration) {
    console.log(`| ${c.name} | ${c.decisions} | ${c.cpu[0].toFixed(2)} | ${Math.round(c.perCpuSecond)} | ${(calls(c.byCommand) / c.decisions).toFixed(2)} | ${c.perDecision.toFixed(2)} ${JSON.stringify(c.byCommand)} | ${(1e6 * c.redisCpu / c.decisions).toFixed(1)} | ${c.refused} |`)
  }
  const predictedCpu = s.decisions / event.perCpuSecond
  const predictedCommands = s.decisions * event.perDecision
  const predictedRate = stormCpu / s.wall * event.perCpuSecond
  console.log(`\nJoin storm: ${instances} instances on the cluster, ${instances} wrk at once, ${s.wall.toFixed(1)} s\n`)
  console.log('| figure | predicted from the calibration | measured |\n|---|---|---|')
  console.log(`| streamgate CPU s for ${s.decisions} decisions | ${predictedCpu.toFixed(2)} | ${stormCpu.toFixed(2)} (${s.cpu.map(c => c.toFixed(2)).join(' + ')}) |`)
  console.log(`| decisions/s for the CPU the instances got (${(stormCpu / s.wall).toFixed(2)} cores) | ${Math.round(predictedRate)} | ${Math.round(s.decisions / s.wall)} |`)
  console.log(`| Redis commands | ${Math.round(predictedCommands)} | ${s.commands} ${JSON.stringify(s.byCommand)} |`)
  console.log(`| share of commands per shard | ${cluster.ports.map(() => (100 / cluster.ports.length).toFixed(1) + ' %').join(' / ')} | ${s.perNode.map(n => (100 * n / s.commands).toFixed(1) + ' %').join(' / ')} |`)
  console.log(`| Redis CPU s | ${(s.commands * event.redisCpuPerCommand).toFixed(2)} | ${s.redisCpu.toFixed(2)} |`)
  console.log(`| p99 latency ms per instance | – | ${s.results.map(r => r.p99.toFixed(1)).join(' / ')} |`)
  console.log(`| refused (403 or socket errors) | 0 | ${s.refused} |`)
} finally {
  redis.disconnect()
  await Promise.all(started.map(async t => await t.stop()))
  await cluster.stop()
}

if (values['cpu-prof']) {
  for (const name of readdirSync(join(dir, 'profiles'))) {
    for (const file of readdirSync(join(dir, 'profiles', name))) console.log(`\nCPU profile ${name}, self time:\n${topSelfTime(join(dir, 'profiles', name, file)).join('\n')}`)
  }
}
