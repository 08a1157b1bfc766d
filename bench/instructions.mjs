// Instructions per request, counted by callgrind: unlike req/s or CPU time, the count barely moves when other work
// loads the machine, so one change can be measured on a busy box. Each target runs under valgrind; after a warm-up
// (the JIT settles) the counters are zeroed, a fixed number of requests is sent, and the counters are dumped.
// Usage: npm run build && node bench/instructions.mjs [--requests 2000 --warmup 3000 --windows 3 --only nimble,realistic]
// (targets: bare, get, bare-logger, bare-timeouts, bare-as-streamgate, bare-code-units, bare-204, nimble, nimble-warn,
// realistic, paywall, nginx; nginx and bare-204 are asked nginx's auth_request subrequest, the others Nimble's request)
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { BENCH_TOKEN_KEY, freePort, nimbleBody, playlistSignedUri, root, startRedis, startTarget, viewerSignedUrl } from './lib.mjs'

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '2000' },
    warmup: { type: 'string', default: '3000' },
    // measured windows of --requests each, one after another in the same process: a window that holds a major GC or
    // code not yet optimised counts tens of thousands more, so the lowest of several is the steadier reading
    windows: { type: 'string', default: '1' },
    only: { type: 'string' },
    // another checkout's build, measured the same way beside this one
    compare: { type: 'string' }
  }
})
const outDir = mkdtempSync(join(tmpdir(), 'sg-callgrind-'))
/** Nimble's auth request for the signed URL. */
const nimbleAsk = { method: 'POST', path: '/nimble/auth', headers: { 'content-type': 'application/json' }, body: nimbleBody(viewerSignedUrl(), '12345') }
/** nginx's auth_request subrequest for a signed playlist, with the headers examples/nginx/streamgate-auth.conf sets. */
const nginxAsk = {
  method: 'GET',
  path: '/nginx/auth',
  headers: {
    host: 'tv.example.com',
    'x-original-uri': playlistSignedUri(),
    'x-original-method': 'GET',
    'x-real-ip': '198.51.100.7',
    'x-forwarded-for': '198.51.100.7'
  }
}
const valgrind = ['--tool=callgrind', '--smc-check=all-non-file', `--callgrind-out-file=${outDir}/cg.%p`, '--dump-instr=no', '--separate-threads=yes']

/** Sends `count` requests (`ask`) over 4 kept-alive connections; resolves with the statuses seen. */
async function drive (port, count, ask) {
  const agent = new Agent({ keepAlive: true, maxSockets: 4 })
  const statuses = {}
  let next = 0
  const one = async () => {
    while (next < count) {
      next++
      const status = await new Promise((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: ask.path, method: ask.method, agent, headers: ask.headers }, res => {
          res.resume()
          res.on('end', () => resolve(res.statusCode))
        })
        req.on('error', reject)
        req.end(ask.body)
      })
      statuses[status] = (statuses[status] ?? 0) + 1
    }
  }
  await Promise.all([one(), one(), one(), one()])
  agent.destroy()
  return statuses
}

const control = (pid, flag) => execFileSync('callgrind_control', [flag, String(pid)], { stdio: 'ignore' })

async function measure (name, command, env, ask) {
  const port = await freePort()
  // examples/nginx's config takes its port from STREAMGATE_PORT
  const target = await startTarget({ name, command: 'sh', args: ['-c', `exec valgrind ${valgrind.join(' ')} ${command} 2>/dev/null >/dev/null`], env: { ...env, STREAMGATE_PORT: String(port) }, port, startTimeout: 300_000 })
  try {
    await drive(port, Number(values.warmup), ask)
    const count = file => Number(/^(?:summary|totals): (\d+)/m.exec(readFileSync(join(outDir, file), 'utf8'))[1])
    const windows = []
    // every window's answers, so that a refusal in a window not reported is still seen
    const statuses = {}
    for (let part = 1; part <= Number(values.windows); part++) {
      control(target.child.pid, '--zero')
      for (const [status, n] of Object.entries(await drive(port, Number(values.requests), ask))) statuses[status] = (statuses[status] ?? 0) + n
      control(target.child.pid, '--dump')
      // one file per thread and dump: the main thread (-01) runs the JavaScript, the others are V8's and libuv's helpers
      const dumps = readdirSync(outDir).filter(f => f.startsWith(`cg.${target.child.pid}.${part}-`))
      windows.push({ main: count(dumps.find(f => f.endsWith('-01'))), all: dumps.reduce((sum, f) => sum + count(f), 0) })
    }
    const lowest = windows.reduce((a, b) => b.main < a.main ? b : a)
    return { name, main: lowest.main / Number(values.requests), all: lowest.all / Number(values.requests), each: windows.map(w => w.main / Number(values.requests)), statuses }
  } finally {
    await target.stop()
  }
}

let redis
const rows = []
try {
  redis = await startRedis()
  execFileSync('redis-cli', ['-u', redis.url, 'HSET', 'sgbench:ppv:{v1}', 'event:final', ''])
  const node = process.execPath
  const targets = [
    ['bare', 'bare Fastify, same schemas', `${node} ${root}bench/baseline.mjs`, { BASELINE_AS: '', REDIS_URL: undefined }],
    ['get', 'bare Fastify + one ioredis GET', `${node} ${root}bench/baseline.mjs`, { BASELINE_AS: '', REDIS_URL: redis.url }],
    ['bare-logger', 'bare Fastify with streamgate\'s logger', `${node} ${root}bench/baseline.mjs`, { BASELINE_AS: 'logger', REDIS_URL: undefined }],
    ['bare-timeouts', 'bare Fastify with streamgate\'s timeouts', `${node} ${root}bench/baseline.mjs`, { BASELINE_AS: 'timeouts', REDIS_URL: undefined }],
    ['bare-as-streamgate', 'bare Fastify with streamgate\'s logger and timeouts', `${node} ${root}bench/baseline.mjs`, { BASELINE_AS: 'logger,timeouts', REDIS_URL: undefined }],
    ['bare-code-units', 'bare Fastify, lengths in code units as streamgate counts them', `${node} ${root}bench/baseline.mjs`, { BASELINE_AS: 'code-units', REDIS_URL: undefined }],
    ['bare-204', 'bare Fastify answering nginx\'s subrequest 204', `${node} ${root}bench/nginx-baseline.mjs`, {}, nginxAsk]
  ]
  for (const build of values.compare === undefined ? [root] : [values.compare.replace(/\/?$/, '/'), root]) {
    const tag = build === root ? '' : ` (${values.compare})`
    const sg = config => `${node} ${build}dist/src/cli.js start --config ${root}bench/${config}.yaml`
    targets.push(['nimble', `two-rule chain${tag}`, sg('nimble'), {}],
      ['nimble-warn', `two-rule chain, warn logs${tag}`, sg('nimble'), { LOG_LEVEL: 'warn' }],
      ['realistic', `realistic five-rule chain${tag}`, sg('realistic'), { TOKEN_KEY: BENCH_TOKEN_KEY }],
      ['paywall', `signed token + pay-per-view on Redis${tag}`, sg('paywall'), { TOKEN_KEY: BENCH_TOKEN_KEY, REDIS_URL: redis.url, STORE_TIMEOUT_MS: '5000' }],
      ['nginx', `nginx auth_request adapter, native token (examples/nginx/hls-dash-tree.yaml)${tag}`,
        `${node} ${build}dist/src/cli.js start --config ${root}examples/nginx/hls-dash-tree.yaml`, { STREAMGATE_TOKEN_KEY: BENCH_TOKEN_KEY }, nginxAsk])
  }
  const only = values.only?.split(',')
  for (const [id, name, command, env, ask = nimbleAsk] of targets) {
    if (only !== undefined && !only.includes(id)) continue
    const row = await measure(name, command, env, ask)
    rows.push(row)
    console.error(`${name}: ${Math.round(row.main)} main-thread, ${Math.round(row.all)} all-thread instructions per request ${JSON.stringify(row.statuses)}` +
      (row.each.length > 1 ? `; main thread by window ${row.each.map(Math.round).join(', ')}` : ''))
  }
} finally {
  await redis?.stop()
}
const k = n => `${(n / 1000).toFixed(0)}k`
console.log(`${values.requests} requests after ${values.warmup} to warm up, 4 connections` +
  (Number(values.windows) > 1 ? `; the lowest of ${values.windows} windows, one after another` : '') + '\n')
console.log('| target | instructions per request, main thread | all threads | statuses |\n|---|---|---|---|')
for (const r of rows) console.log(`| ${r.name} | ${k(r.main)} | ${k(r.all)} | ${JSON.stringify(r.statuses)} |`)
