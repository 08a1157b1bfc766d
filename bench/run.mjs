// Nimble auth endpoint in interleaved wrk rounds. Two yardsticks: a bare Fastify route with the same schemas, and
// the same route reading one key with ioredis. Against the first: streamgate with the two-rule chain, and with the
// realistic five-rule chain ending in a native signed token; against the second: a signed token + pay-per-view on
// Redis, and the two-rule chain + concurrent-sessions (one Lua lease renewal), both on a private redis-server.
// Then a soak under load on every streamgate process at once, with their RSS at its start and end.
// Usage: npm run bench [-- --rounds 8 --seconds 5 --connections 32 --soak 600 --cpu-prof --compare <other checkout>]
import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { BENCH_TOKEN_KEY, freePort, interleave, loadAverage, nimbleBody, root, rssMb, startRedis, startStreamgate, startTarget, table, topSelfTime, viewerSignedUrl, wrkAsync } from './lib.mjs'

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '32' },
    soak: { type: 'string', default: '30' },
    'cpu-prof': { type: 'boolean', default: false },
    // another checkout's build (a commit before a change, say), run beside this one: A/B in the same rounds
    compare: { type: 'string' }
  }
})
const profileDir = join(tmpdir(), `streamgate-profiles-${process.pid}`)
const body = nimbleBody(viewerSignedUrl(), '12345')

async function streamgate (name, config, env = {}, build = root) {
  return await startStreamgate({
    name: build === root ? name : `${name} (${values.compare})`,
    config: `${root}bench/${config}.yaml`,
    env,
    port: await freePort(),
    build,
    profileDir: values['cpu-prof'] ? `${profileDir}/${build === root ? '' : 'compare-'}${config}` : undefined
  })
}

const targets = []
let redis
try {
  if (values['cpu-prof']) mkdirSync(profileDir, { recursive: true })
  redis = await startRedis()
  // v1's pay-per-view entitlement: the event covering live/*, no expiry
  execFileSync('redis-cli', ['-u', redis.url, 'HSET', 'sgbench:ppv:{v1}', 'event:final', ''])
  // the yardsticks as bench/baseline.mjs describes them, whatever the environment says
  const bare = await startTarget({ name: 'bare Fastify, same schemas', command: process.execPath, args: [root + 'bench/baseline.mjs'], env: { BASELINE_AS: '', REDIS_URL: undefined }, port: await freePort() })
  targets.push(bare)
  const oneGet = await startTarget({ name: 'bare Fastify + one ioredis GET', command: process.execPath, args: [root + 'bench/baseline.mjs'], env: { BASELINE_AS: '', REDIS_URL: redis.url }, port: await freePort() })
  targets.push(oneGet)
  for (const build of values.compare === undefined ? [root] : [values.compare.replace(/\/?$/, '/'), root]) {
    targets.push({ ...await streamgate('streamgate, two-rule chain', 'nimble', {}, build), baseline: bare })
    targets.push({ ...await streamgate('streamgate, realistic five-rule chain', 'realistic', { TOKEN_KEY: BENCH_TOKEN_KEY }, build), baseline: bare })
    targets.push({ ...await streamgate('streamgate, signed token + pay-per-view on Redis', 'paywall', { TOKEN_KEY: BENCH_TOKEN_KEY, REDIS_URL: redis.url }, build), baseline: oneGet })
    targets.push({ ...await streamgate('streamgate, two-rule chain + concurrent-sessions on Redis', 'nimble-redis', { REDIS_URL: redis.url }, build), baseline: oneGet })
  }
  const measured = targets.slice(2)
  const rss = Object.fromEntries(measured.map(t => [t.name, { idle: rssMb(t.child.pid) }]))
  const loadBefore = loadAverage()

  const rows = interleave(targets, { rounds: Number(values.rounds), seconds: Number(values.seconds), connections: Number(values.connections), body, path: '/nimble/auth' })
  for (const t of measured) rss[t.name].afterRounds = rssMb(t.child.pid)

  // every streamgate process under load at once for the whole soak
  const soakSeconds = Number(values.soak)
  const soak = await Promise.all(measured.map(async t =>
    await wrkAsync({ url: `http://127.0.0.1:${t.port}/nimble/auth`, body, seconds: soakSeconds, connections: Math.max(1, Number(values.connections) >> 1) })))
  for (const t of measured) rss[t.name].afterSoak = rssMb(t.child.pid)

  console.log(`${new Date().toISOString()} · ${cpus().length}× ${cpus()[0]?.model} · ${Math.round(totalmem() / 2 ** 30)} GiB · Node ${process.version}`)
  console.log(`wrk -t1 -c${values.connections}, ${values.rounds} rounds × ${values.seconds} s, order rotated; load average before ${loadBefore}, after ${loadAverage()}\n`)
  console.log(table(rows))
  console.log(`\nRSS (MiB) of the streamgate processes; soak: ${soakSeconds} s of load on all at once (wrk -c${Math.max(1, Number(values.connections) >> 1)} each)\n`)
  console.log('| target | idle | after the rounds | after the soak | soak requests | soak errors |\n|---|---|---|---|---|---|')
  measured.forEach((t, i) => {
    const r = rss[t.name]
    console.log(`| ${t.name} | ${r.idle.toFixed(1)} | ${r.afterRounds.toFixed(1)} | ${r.afterSoak.toFixed(1)} | ${soak[i].requests} | ${soak[i].badStatus + soak[i].socketErrors} |`)
  })
} finally {
  await Promise.all(targets.map(t => t.stop()))
  await redis?.stop()
}

if (values['cpu-prof']) {
  for (const config of readdirSync(profileDir)) {
    const dir = join(profileDir, config)
    for (const file of readdirSync(dir).filter(f => f.endsWith('.cpuprofile'))) {
      console.log(`\nCPU profile ${join(dir, file)}, self time:\n${topSelfTime(join(dir, file)).join('\n')}`)
    }
  }
}
