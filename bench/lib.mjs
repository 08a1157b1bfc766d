// Shared benchmark machinery: start targets as child processes, drive them with wrk in interleaved rounds
// (order rotated each round), and summarise per-round ratios against the baseline.
import { spawn, execFile, execFileSync } from 'node:child_process'
import { once } from 'node:events'
import { connect, createServer } from 'node:net'
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs'
import { promisify } from 'node:util'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'

/** The checkout's root (ends with /): its dist/ is what the benchmarks start. */
export const root = new URL('..', import.meta.url).pathname
export const BENCH_TOKEN_KEY = 'bench-only-key-0123456789abcdef0123456789'
export const loadAverage = () => loadavg().map(l => l.toFixed(2)).join(' ')

/** What `streamgate sign` prints for a token good for a day (longer than any run). */
const signed = (key, ...args) => execFileSync(process.execPath, [root + 'dist/src/cli.js', 'sign', '--key', key, '--ttl', '86400', ...args], { encoding: 'utf8' }).trim()

/** A native token URL for viewer v1 on live/stream (kid bench), good for the whole stream. */
export const viewerSignedUrl = () => signed(BENCH_TOKEN_KEY, '--kid', 'bench', '--stream', '/live/stream/playlist.m3u8?viewer=v1',
  '--scope', '/live/stream/*', '--viewer', 'v1', '--base-url', 'http://tv.example.com')

/** A native token URI for hls/stream's playlist (kid web1, any viewer), good for the whole stream: what examples/nginx/hls-dash-tree.yaml accepts. */
export const playlistSignedUri = (key = BENCH_TOKEN_KEY) => signed(key, '--kid', 'web1', '--stream', '/hls/stream/index.m3u8', '--scope', '/hls/stream/*')

/** A Nimble auth request body for a viewer on a (signed) URL, with a browser's headers. */
export const nimbleBody = (url, sessionId) => JSON.stringify({
  host: 'tv.example.com', url, ip: '198.51.100.7',
  'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
  referer: 'https://www.example.com/watch', session_id: sessionId, session_type: 'HLS'
})

/** `streamgate start --config <config>` of a build (this checkout's by default), CPU-profiled into profileDir when given. */
export async function startStreamgate ({ name, config, env = {}, port, build = root, profileDir }) {
  const prof = profileDir === undefined ? '' : `--cpu-prof --cpu-prof-dir="${profileDir}"`
  return await startTarget({
    name,
    command: 'sh',
    args: ['-c', `exec "${process.execPath}" ${prof} "${build}dist/src/cli.js" start --config "${config}" > /dev/null`],
    env,
    port
  })
}

export async function freePort () {
  const server = createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address()
  await new Promise(resolve => server.close(resolve))
  return port
}

/** Starts a server process and resolves once it accepts connections. */
export async function startTarget ({ name, command, args, env = {}, port, startTimeout = 30_000 }) {
  const child = spawn(command, args, { env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'], detached: true })
  const deadline = Date.now() + startTimeout
  while (Date.now() < deadline) {
    try {
      await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(500) })
      return { name, port, child, stop: () => stopGroup(child, 'SIGTERM') }
    } catch {
      if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`)
      await new Promise(resolve => setTimeout(resolve, 100))
    }
  }
  await stopGroup(child, 'SIGKILL')
  throw new Error(`${name} did not start`)
}

/** Signals a child's process group and resolves once the child has exited (a CPU profile is written by then). */
async function stopGroup (child, signal) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  try {
    process.kill(-child.pid, signal)
  } catch {
    return // already gone
  }
  await exited
}

/** A private redis-server on a free loopback port, without persistence; resolves once it answers PING. */
export async function startRedis () {
  const port = await freePort()
  const child = spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore', detached: true })
  for (let attempt = 0; attempt < 100; attempt++) {
    const pong = await new Promise(resolve => {
      const socket = connect(port, '127.0.0.1', () => socket.write('PING\r\n'))
      socket.once('data', data => { socket.destroy(); resolve(data.toString().startsWith('+PONG')) })
      socket.once('error', () => resolve(false))
    })
    if (pong) return { url: `redis://127.0.0.1:${port}`, child, stop: () => stopGroup(child, 'SIGKILL') }
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  await stopGroup(child, 'SIGKILL')
  throw new Error('redis-server did not start')
}

/** Resident set size of a process, in MiB. */
export const rssMb = pid => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024

/** Runs wrk once; returns requests/s and latency percentiles (ms) and the non-2xx/3xx count. */
export function wrk (options) {
  const { args, parse } = wrkCommand(options)
  return parse(execFileSync('wrk', args, { encoding: 'utf8' }))
}

/** wrk without blocking, so several targets can be driven at once. */
export async function wrkAsync (options) {
  const { args, parse } = wrkCommand(options)
  return parse((await promisify(execFile)('wrk', args, { encoding: 'utf8' })).stdout)
}

/** `bodies`: a file of request bodies, one a line, sent in turn (each viewer joining once, say). */
function wrkCommand ({ url, body, bodies, seconds, connections, method = 'POST', headers = { 'Content-Type': 'application/json' } }) {
  const dir = mkdtempSync(join(tmpdir(), 'sg-bench-'))
  const script = join(dir, 'post.lua')
  writeFileSync(script, [
    `wrk.method = ${JSON.stringify(method)}`,
    ...(body === undefined ? [] : [`wrk.body = ${JSON.stringify(body)}`]),
    ...(bodies === undefined
      ? []
      : [`local bodies = {}\nfor line in io.lines(${JSON.stringify(bodies)}) do bodies[#bodies + 1] = line end`,
          'local turn = 0',
          'request = function()\n  turn = turn % #bodies + 1\n  return wrk.format(nil, nil, nil, bodies[turn])\nend']),
    ...Object.entries(headers).map(([k, v]) => `wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`),
    'done = function(summary, latency, requests)',
    '  io.write(string.format("RESULT %f %f %f %f %d %d %d\\n", summary.requests / (summary.duration / 1e6),',
    '    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,',
    '    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.requests))',
    'end'
  ].join('\n'))
  const parse = out => {
    const [rps, p50, p99, p999, badStatus, socketErrors, requests] = /RESULT (\S+) (\S+) (\S+) (\S+) (\d+) (\d+) (\d+)/.exec(out).slice(1).map(Number)
    return { rps, p50, p99, p999, badStatus, socketErrors, requests }
  }
  return { args: ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', script, url], parse }
}

export const median = values => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/**
 * Interleaved rounds: each round drives every target once, in an order rotated per round, so drift in the
 * machine's speed hits all targets alike. Returns per-target medians and the per-round ratio to its baseline (a
 * target's `baseline`, else the first target), and the CPU its process (`cpuPid`, else its child) used per request.
 */
export function interleave (targets, { rounds, seconds, connections, warmup = 2, body, path, method, headers }) {
  for (const target of targets) wrk({ url: `http://127.0.0.1:${target.port}${path}`, body, method, headers, seconds: warmup, connections })
  const results = Object.fromEntries(targets.map(t => [t.name, []]))
  for (let round = 0; round < rounds; round++) {
    const order = targets.map((_, i) => targets[(i + round) % targets.length])
    for (const target of order) {
      const pid = target.cpuPid ?? target.child.pid
      const cpuBefore = cpuSeconds(pid)
      const result = wrk({ url: `http://127.0.0.1:${target.port}${path}`, body, method, headers, seconds, connections })
      results[target.name].push({ ...result, cpu: cpuSeconds(pid) - cpuBefore })
    }
  }
  return targets.map(target => ({
    name: target.name,
    rps: median(results[target.name].map(r => r.rps)),
    p50: median(results[target.name].map(r => r.p50)),
    p99: median(results[target.name].map(r => r.p99)),
    p999: median(results[target.name].map(r => r.p999)),
    errors: results[target.name].reduce((n, r) => n + r.badStatus + r.socketErrors, 0),
    // CPU the target's process used per request: unlike req/s, barely moved by what else the machine runs
    cpuUs: 1e6 * results[target.name].reduce((n, r) => n + r.cpu, 0) / results[target.name].reduce((n, r) => n + r.requests, 0),
    baseline: (target.baseline ?? targets[0]).name,
    ratio: median(results[target.name].map((r, i) => r.rps / results[(target.baseline ?? targets[0]).name][i].rps))
  }))
}

export function table (rows) {
  const cpu = Object.fromEntries(rows.map(r => [r.name, r.cpuUs]))
  const lines = ['| target | req/s (median) | ratio (median of rounds) | to | CPU µs per request | CPU ratio | p50 ms | p99 ms | p99.9 ms | errors |', '|---|---|---|---|---|---|---|---|---|---|']
  for (const r of rows) lines.push(`| ${r.name} | ${Math.round(r.rps)} | ${r.ratio.toFixed(3)} | ${r.baseline} | ${r.cpuUs.toFixed(0)} | ${(cpu[r.baseline] / r.cpuUs).toFixed(3)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.p999.toFixed(2)} | ${r.errors} |`)
  return lines.join('\n')
}

/** The functions that held the CPU longest in a V8 .cpuprofile (self time, as a share of busy time), as `share% function file:line` lines. */
export function topSelfTime (file, count = 15) {
  const { nodes, samples, timeDeltas } = JSON.parse(readFileSync(file, 'utf8'))
  const byId = new Map(nodes.map(node => [node.id, node.callFrame]))
  const self = new Map()
  let total = 0
  samples.forEach((id, i) => {
    const frame = byId.get(id)
    if (frame.functionName === '(idle)') return
    const where = frame.url === '' ? '' : ` ${frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, '')}:${frame.lineNumber + 1}`
    const key = `${frame.functionName || '(anonymous)'}${where}`
    self.set(key, (self.get(key) ?? 0) + timeDeltas[i])
    total += timeDeltas[i]
  })
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, count).map(([key, time]) => `${(100 * time / total).toFixed(1).padStart(5)}% ${key}`)
}

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds (pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100 // utime, stime in clock ticks (USER_HZ = 100)
}

/** A private three-node Redis Cluster on free loopback ports, slots spread over the nodes. */
export async function startCluster () {
  const dir = mkdtempSync(join(tmpdir(), 'sg-cluster-'))
  const ports = [await freePort(), await freePort(), await freePort()]
  const children = ports.map(port => spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes',
    '--cluster-config-file', `nodes-${port}.conf`, '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore', detached: true }))
  const stop = async () => { await Promise.all(children.map(async child => await stopGroup(child, 'SIGKILL'))) }
  const cli = (port, ...args) => execFileSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' })
  try {
    for (const port of ports) {
      for (let i = 0; ; i++) {
        try { if (cli(port, 'PING').trim() === 'PONG') break } catch { /* not listening yet */ }
        if (i > 100) throw new Error(`cluster node ${port} did not start`)
        await new Promise(resolve => setTimeout(resolve, 50))
      }
    }
    execFileSync('redis-cli', ['--cluster', 'create', ...ports.map(p => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], { stdio: 'ignore' })
    for (let i = 0; !cli(ports[0], 'CLUSTER', 'INFO').includes('cluster_state:ok'); i++) {
      if (i > 100) throw new Error('cluster did not reach state ok')
      await new Promise(resolve => setTimeout(resolve, 100))
    }
  } catch (err) {
    await stop()
    throw err
  }
  /** Per node: commands executed so far (INFO commandstats, every command) and CPU seconds used. */
  const counters = () => ports.map(port => {
    const info = cli(port, 'INFO', 'all')
    const calls = [...info.matchAll(/^cmdstat_(\S+?):calls=(\d+)/gm)].filter(([, name]) => !['info', 'cluster', 'ping', 'command', 'client', 'config', 'readonly'].includes(name))
    const cpu = ['used_cpu_sys', 'used_cpu_user'].reduce((sum, field) => sum + Number(new RegExp(`^${field}:(\\S+)`, 'm').exec(info)[1]), 0)
    return { port, calls: Object.fromEntries(calls.map(([, name, n]) => [name, Number(n)])), cpu }
  })
  return { ports, nodes: ports.map(port => ({ host: '127.0.0.1', port })), counters, stop }
}
