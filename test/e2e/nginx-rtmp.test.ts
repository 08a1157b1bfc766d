import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { SignJWT } from 'jose'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { loadConfigFile } from '../../src/config/load.js'
import type { PolicyConfig } from '../../src/generated/config.js'
import { packageRoot } from '../../src/paths.js'
import { captureLogs, freePort } from '../helpers.js'

const NGINX = '/usr/sbin/nginx'
const FFMPEG = '/usr/bin/ffmpeg'
const SECRET = 'e2e-control-api-secret-32-characters'
const HOOK_SECRET = 'e2e-hook-secret-shared-with-nginx-rtmp'
const example = join(packageRoot, 'examples', 'nginx-rtmp')

/** Stops a child we started, by its PID, and waits for it. */
async function stop (child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
  const exited = once(child, 'exit')
  process.kill(child.pid, 'SIGTERM')
  await exited
}

async function until<T> (what: string, probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    const value = await probe()
    if (value !== undefined) return value
    await sleep(200)
  }
  throw new Error(`timed out waiting for ${what}`)
}

/** The example nginx.conf with its ports, streamgate address, hook secret and paths moved into the test's own. */
function renderNginxConf (dir: string, ports: { rtmp: number, http: number, streamgate: number }): string {
  const conf = readFileSync(join(example, 'nginx.conf'), 'utf8')
    .replaceAll('REPLACE-WITH-THE-HOOK-SECRET', HOOK_SECRET)
    .replaceAll('127.0.0.1:8080', `127.0.0.1:${ports.streamgate}`)
    .replaceAll('1935', String(ports.rtmp))
    .replaceAll('listen 8088', `listen 127.0.0.1:${ports.http}`)
    .replaceAll(`listen ${ports.rtmp}`, `listen 127.0.0.1:${ports.rtmp}`)
    .replaceAll('/var/lib/nginx', dir)
    .replaceAll('/run/nginx-rtmp.pid', join(dir, 'nginx.pid'))
    .replaceAll('/var/log/nginx', dir)
  return 'daemon off;\n' + conf
}

/** ffmpeg publishing a bounded test pattern; resolves with its exit code. */
async function publish (rtmpPort: number, name: string, seconds: number): Promise<{ code: number | null, stderr: string }> {
  const child = spawn(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-t', String(seconds), '-f', 'flv', `rtmp://127.0.0.1:${rtmpPort}/app/${name}`],
  { stdio: ['ignore', 'ignore', 'pipe'] })
  t.teardown(() => stop(child))
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const timer = setTimeout(() => { void stop(child) }, (seconds + 20) * 1000)
  const [code] = await once(child, 'exit') as [number | null]
  clearTimeout(timer)
  return { code, stderr }
}

const get = async (url: string, headers: Record<string, string> = {}) => {
  const res = await fetch(url, { headers })
  return { status: res.status, text: await res.text() }
}

t.test('publishing with stream keys through real nginx-rtmp and ffmpeg', async t => {
  const dir = t.testdir({ hls: {} })
  const logs = captureLogs()
  const { config, baseDir } = await loadConfigFile(join(example, 'config.yaml'), { STREAMGATE_HOOK_SECRET: HOOK_SECRET, STREAMGATE_JWT_SECRET: SECRET })
  const app = await buildApp({
    config: { ...config, controlApi: { enabled: true, jwt: { algorithm: 'HS256', secret: SECRET, clockToleranceSeconds: 30, requireExpiry: true } } },
    baseDir,
    logStream: logs.stream
  })
  t.teardown(() => app.close())
  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  const ports = { rtmp: await freePort(), http: await freePort(), streamgate: Number(new URL(address).port) }

  const conf = join(dir, 'nginx.conf')
  const rendered = renderNginxConf(dir, ports)
  t.equal(rendered.match(/ on_\w+ http:\S+\?secret=e2e-hook-secret-shared-with-nginx-rtmp;/g)?.length, 7, 'every hook URL carries the secret')
  writeFileSync(conf, rendered)
  const nginx = spawn(NGINX, ['-p', dir, '-c', conf, '-e', join(dir, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] })
  t.teardown(() => stop(nginx))
  let nginxErr = ''
  nginx.stderr.on('data', (chunk: Buffer) => { nginxErr += chunk.toString() })
  await until('nginx', async () => {
    if (nginx.exitCode !== null) throw new Error(`nginx exited: ${nginxErr}`)
    return await get(`http://127.0.0.1:${ports.http}/live/`).then(() => true, () => undefined)
  })

  const jwt = await new SignJWT({ sub: 'e2e' }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('10m').sign(new TextEncoder().encode(SECRET))
  const api = async (method: string, path: string) => {
    const res = await fetch(`${address}${path}`, { method, headers: { authorization: `Bearer ${jwt}` } })
    return await res.json() as Record<string, unknown>
  }
  const liveNames = async () => ((await api('GET', '/v1/streams?live=true')).streams as Array<{ name: string }>).map(s => s.name)
  const key = (await api('POST', '/v1/streams/benw')).key as string
  const revoked = (await api('POST', '/v1/streams/gone')).key as string
  t.equal((await fetch(`${address}/v1/streams/gone/revoke`, { method: 'POST', headers: { authorization: `Bearer ${jwt}` } })).status, 204)
  const playlist = `http://127.0.0.1:${ports.http}/live/benw/index.m3u8`

  t.test('a forged hook, without the secret or with a wrong one, is refused and changes nothing', async t => {
    const forge = async (query: string) => (await fetch(`${address}/nginx-rtmp${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ call: 'publish', app: 'app', name: key, addr: '127.0.0.1', clientid: '1' })
    })).status
    t.equal(await forge(''), 403, 'no secret')
    t.equal(await forge('?secret=not-the-hook-secret'), 403, 'a wrong secret')
    t.same(await liveNames(), [], 'nothing went live')
  })

  t.test('a wrong key and a revoked key are refused: ffmpeg fails, no playlist', async t => {
    for (const [what, name] of [['wrong key', 'not-a-valid-key'], ['revoked key', revoked]] as Array<[string, string]>) {
      const { code, stderr } = await publish(ports.rtmp, name, 3)
      t.not(code, 0, `${what}: ffmpeg exits non-zero`)
      t.match(stderr, /Input\/output error|error/i, what)
    }
    t.equal((await get(playlist)).status, 404)
    t.same(readdirSync(join(dir, 'hls')), [], 'nothing was written')
    t.same(await liveNames(), [])
  })

  t.test('a valid key: the stream appears under its public name only, then goes offline', async t => {
    const publishing = publish(ports.rtmp, key, 8)
    const text = await until('the playlist', async () => {
      const res = await get(playlist)
      return res.status === 200 && /\.ts/.test(res.text) ? res.text : undefined
    })
    t.match(text, /#EXTM3U/)
    const segment = text.split('\n').find(line => line.endsWith('.ts'))!
    const chunk = await fetch(`http://127.0.0.1:${ports.http}/live/benw/${segment}`)
    t.equal(chunk.status, 200)
    t.ok((await chunk.arrayBuffer()).byteLength > 1000, 'a segment with video')
    t.same(await liveNames(), ['benw'], 'reported live')
    t.same(readdirSync(join(dir, 'hls')), ['benw'], 'the key never names anything public')
    t.equal((await get(`http://127.0.0.1:${ports.http}/live/${key}/index.m3u8`)).status, 404)

    const { code, stderr } = await publishing
    t.equal(code, 0, stderr)
    await until('the stream to go offline', async () => (await liveNames()).length === 0 ? true : undefined)
    t.match(await api('GET', '/v1/streams/benw'), { live: false, hasKey: true })
  })

  t.test('an ip-range rule in the publish policy decides before the key: refused from a denied address, published from an allowed one', async t => {
    // nginx-rtmp reports every publisher here as 127.0.0.1; the policies are swapped as a config reload would
    const viewers = config.policies.filter(p => p.match.action === 'play')
    const publishers = (range: object): PolicyConfig => ({
      name: 'publishers',
      match: { app: '*', stream: '*', action: 'publish' },
      rules: [{ rule: 'ip-range', options: range }, { rule: 'stream-key', options: {} }],
      default: 'deny',
      onError: 'deny'
    })
    t.teardown(async () => { await app.replacePolicies(config.policies) })
    await app.replacePolicies([publishers({ deny: ['127.0.0.1/32'] }), ...viewers])
    const refused = await publish(ports.rtmp, key, 3)
    t.not(refused.code, 0, 'a valid key from a denied address: ffmpeg is disconnected')
    t.match(logs.lines.filter(l => l.msg === 'decision' && l.action === 'publish').at(-1), { policy: 'publishers', rule: 'ip-range', reason: 'ip-denied', outcome: 'deny', ip: '127.0.0.1' })
    t.same(await liveNames(), [], 'nothing went live')

    await app.replacePolicies([publishers({ allow: ['127.0.0.1/32'], onAllowed: 'abstain' }), ...viewers])
    const publishing = publish(ports.rtmp, key, 4)
    await until('the stream to go live from the allowed address', async () => (await liveNames()).includes('benw') ? true : undefined)
    t.match(logs.lines.filter(l => l.msg === 'decision' && l.action === 'publish').at(-1), { rule: 'stream-key', reason: 'valid-key', stream: 'benw', subject: 'benw' })
    const { code, stderr } = await publishing
    t.equal(code, 0, stderr)
    await until('the stream to go offline', async () => (await liveNames()).length === 0 ? true : undefined)
  })

  t.test('the keys never reached the logs', async t => {
    t.ok(logs.lines.some(l => l.msg === 'decision' && l.reason === 'valid-key' && l.stream === 'benw'))
    t.ok(logs.lines.some(l => l.msg === 'stream offline' && l.stream === 'benw'))
    for (const secret of [key, revoked, jwt, HOOK_SECRET]) t.notOk(logs.text().includes(secret))
    t.equal(logs.lines.filter(l => l.msg === 'decision' && l.reason === 'bad-hook-secret').length, 2, 'every hook nginx-rtmp made carried the secret')
    t.ok(existsSync(join(dir, 'error.log')))
  })
})
