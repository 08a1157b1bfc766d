import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { request as httpRequest } from 'node:http'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { loadConfigFile } from '../../src/config/load.js'
import { packageRoot } from '../../src/paths.js'
import { signUrl } from '../../src/signing/sign-url.js'
import { captureLogs, freePort } from '../helpers.js'

const ICECAST = '/usr/bin/icecast2'
const FFMPEG = '/usr/bin/ffmpeg'
const HOOK_SECRET = 'e2e-hook-secret-shared-with-icecast'
const TOKEN_KEY = 'e2e-token-key-of-at-least-32-bytes'
const example = join(packageRoot, 'examples', 'icecast')

/** Stops a child we started, by its PID, and waits for it. */
async function stop (child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
  const exited = once(child, 'exit')
  process.kill(child.pid, 'SIGTERM')
  await exited
}

/** The example icecast.xml on the test's loopback ports and directory, logging to stderr. */
function renderIcecastXml (dir: string, ports: { icecast: number, streamgate: number }): string {
  const xml = readFileSync(join(example, 'icecast.xml'), 'utf8')
    .replaceAll('REPLACE-WITH-THE-HOOK-SECRET', HOOK_SECRET)
    .replaceAll('127.0.0.1:8080', `127.0.0.1:${ports.streamgate}`)
    .replace('<port>8000</port>', `<port>${ports.icecast}</port><bind-address>127.0.0.1</bind-address>`)
    .replace('<logdir>/var/log/icecast2</logdir>', `<logdir>${dir}</logdir>`)
    .replace('<accesslog>access.log</accesslog>', '<accesslog>-</accesslog>')
    .replace('<errorlog>error.log</errorlog>', '<errorlog>-</errorlog>')
  // Icecast refuses to run as root unless it changes owner, and cannot change owner when it is not root
  return process.getuid?.() === 0 ? xml : xml.replace(/<changeowner>[\s\S]*<\/changeowner>/, '')
}

/** ffmpeg sending a sine tone as MP3 to a mount; resolves with its exit code. */
function source (port: number, password: string, seconds: number): { child: ChildProcess, exited: Promise<{ code: number | null, stderr: string }> } {
  const child = spawn(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100',
    '-t', String(seconds), '-c:a', 'libmp3lame', '-b:a', '64k', '-content_type', 'audio/mpeg', '-f', 'mp3',
    `icecast://source:${encodeURIComponent(password)}@127.0.0.1:${port}/live.mp3`], { stdio: ['ignore', 'ignore', 'pipe'] })
  t.teardown(() => stop(child))
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  return { child, exited: once(child, 'exit').then(([code]) => ({ code: code as number | null, stderr })) }
}

interface Listening {
  status: number
  /** Audio bytes received until the connection ended (or `limit` was reached). */
  bytes: number
  /** When Icecast ended the response (Date.now()). */
  endedAt: number
}

/** A listener: GETs a mount and counts the bytes until Icecast ends the response or `limit` bytes came. */
async function listen (url: string, limit = Infinity): Promise<Listening> {
  return await new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { 'user-agent': 'e2e-listener' } }, res => {
      let bytes = 0
      const done = (): void => { resolve({ status: res.statusCode ?? 0, bytes, endedAt: Date.now() }) }
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length
        if (bytes >= limit) {
          done()
          req.destroy()
        }
      })
      res.on('end', done)
      res.on('close', done)
      res.on('error', done)
    })
    req.on('error', reject)
    req.end()
  })
}

t.test('Icecast 2.4 asks streamgate about its sources and listeners', async t => {
  const dir = t.testdir({})
  const logs = captureLogs()
  const { config, baseDir } = await loadConfigFile(join(example, 'config.yaml'), {
    STREAMGATE_HOOK_SECRET: HOOK_SECRET, STREAMGATE_TOKEN_KEY: TOKEN_KEY, STREAMGATE_JWT_SECRET: 'e2e-control-api-secret-32-characters'
  })
  const app = await buildApp({ config, baseDir, logStream: logs.stream })
  t.teardown(() => app.close())
  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  const ports = { icecast: await freePort(), streamgate: Number(new URL(address).port) }
  const key = await app.streamKeys.create('live.mp3')

  const conf = join(dir, 'icecast.xml')
  writeFileSync(conf, renderIcecastXml(dir, ports))
  const icecast = spawn(ICECAST, ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] })
  t.teardown(() => stop(icecast))
  let icecastLog = ''
  icecast.stdout.on('data', (chunk: Buffer) => { icecastLog += chunk.toString() })
  icecast.stderr.on('data', (chunk: Buffer) => { icecastLog += chunk.toString() })
  const mountUrl = `http://127.0.0.1:${ports.icecast}/live.mp3`
  for (let tries = 0; ; tries++) {
    if (icecast.exitCode !== null) throw new Error(`icecast exited: ${icecastLog}`)
    const up = await fetch(`http://127.0.0.1:${ports.icecast}/status-json.xsl`).then(() => true, () => false)
    if (up) break
    if (tries > 100) throw new Error(`icecast did not start: ${icecastLog}`)
    await sleep(100)
  }

  t.test('a source with a wrong password is refused', async t => {
    const { code } = await source(ports.icecast, 'not-the-stream-key', 3).exited
    t.not(code, 0, 'ffmpeg could not publish')
    t.ok(logs.lines.some(l => l.adapter === 'icecast' && l.action === 'publish' && l.outcome === 'deny' && l.reason === 'unknown-key'), 'streamgate refused the key')
  })

  const live = source(ports.icecast, key, 60)
  t.teardown(() => stop(live.child))
  // the mount exists once Icecast accepted the source: a listener with a valid token then gets audio
  const longToken = signUrl({ stream: '/live.mp3', key: TOKEN_KEY, ttl: 120 })
  let first: Listening | undefined
  for (let tries = 0; tries < 100; tries++) {
    if (live.child.exitCode !== null) throw new Error(`the source stopped: ${(await live.exited).stderr}`)
    first = await listen(`http://127.0.0.1:${ports.icecast}${longToken}`, 16_000)
    if (first.status === 200) break
    await sleep(100)
  }

  t.test('a source with its stream key publishes, and a listener with a valid token receives audio', async t => {
    t.equal(first?.status, 200)
    t.ok((first?.bytes ?? 0) >= 16_000, `audio bytes arrived (${first?.bytes})`)
    t.ok(logs.lines.some(l => l.adapter === 'icecast' && l.action === 'publish' && l.outcome === 'allow' && l.stream === 'live.mp3'), 'streamgate admitted the source')
  })

  t.test('a listener without a token, or with a forged one, is refused', async t => {
    const none = await listen(mountUrl)
    t.not(none.status, 200, `no token: HTTP ${none.status}`)
    t.equal(none.bytes < 1000, true, 'no audio')
    const forged = await listen(`http://127.0.0.1:${ports.icecast}${signUrl({ stream: '/live.mp3', key: 'another-key-of-at-least-32-bytes!', ttl: 120 })}`)
    t.not(forged.status, 200, `forged token: HTTP ${forged.status}`)
  })

  t.test('a listener is cut when its token expires, not before', async t => {
    const ttl = 4
    const signed = signUrl({ stream: '/live.mp3', key: TOKEN_KEY, ttl })
    const expiresAt = (Math.floor(Date.now() / 1000) + ttl) * 1000
    const heard = await listen(`http://127.0.0.1:${ports.icecast}${signed}`)
    t.equal(heard.status, 200)
    t.ok(heard.bytes > 16_000, `audio until the cut (${heard.bytes} bytes)`)
    // Icecast cuts at whole seconds of its clock: from the expiry second on, at most a second and a check later
    t.ok(heard.endedAt >= expiresAt - 100, `not before expiry: cut ${heard.endedAt - expiresAt} ms after it`)
    t.ok(heard.endedAt <= expiresAt + 3000, `within 3 s of expiry: cut ${heard.endedAt - expiresAt} ms after it`)
  })

  t.test('a call that is not Icecast\'s (no hook secret) is refused', async t => {
    const res = await fetch(`${address}/icecast/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ action: 'listener_add', mount: longToken, ip: '127.0.0.1', client: '9' })
    })
    t.equal(res.status, 403)
    t.equal(res.headers.get('icecast-auth-user'), null)
  })
})
