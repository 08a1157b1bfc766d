import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { signUrl } from '../../src/signing/sign-url.js'
import { captureLogs } from '../helpers.js'
import { example, FFMPEG, get, publish, renderNginxConf, startNginx, startStreamgate, stop, until } from './nginx-rtmp-harness.js'

const TOKEN_KEY = 'e2e-token-key-at-least-16-bytes'
/** notify_update_timeout in the rendered nginx.conf: how often nginx-rtmp asks again about every session. */
const UPDATE_SECONDS = 2
const SHORT_TTL_SECONDS = 6

/** The example config, its RTMP viewers required to bring a native signed token (the relay still first). */
function tokenConfig (dir: string): string {
  const yaml = readFileSync(join(example, 'config.yaml'), 'utf8')
  const path = join(dir, 'config.yaml')
  writeFileSync(path, yaml.slice(0, yaml.indexOf('\npolicies:')) + `
policies:
  - name: publishers
    match: { action: publish }
    rules:
      - rule: stream-key
    default: deny
  - name: rtmp-viewers
    match: { action: play }
    rules:
      - rule: protocol
        name: own-relay
        options: { allow: [RTMP-RELAY], onAllowed: allow, onNotAllowed: abstain }
      - rule: signed-token
        options:
          scheme: native
          keys: [{ id: e2e, secret: ${TOKEN_KEY} }]
          clockSkewSeconds: 0
          onValid: allow
          onMissing: deny
          onInvalid: deny
    default: deny
`)
  return path
}

/** ffmpeg playing an RTMP URL into nothing, as a viewer; `exited` resolves with the time it was disconnected. */
function view (url: string): { exited: Promise<number>, stop: () => Promise<void> } {
  const child = spawn(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-i', url, '-f', 'null', '-'], { stdio: ['ignore', 'ignore', 'ignore'] })
  t.teardown(() => stop(child))
  return { exited: once(child, 'exit').then(() => Date.now()), stop: async () => { await stop(child) } }
}

t.test('nginx-rtmp disconnects a viewer at the first on_update after its token expired, not before', async t => {
  const dir = t.testdir({ hls: {} })
  const logs = captureLogs()
  const { ports, api } = await startStreamgate(t, tokenConfig(dir), logs)
  const conf = renderNginxConf(dir, ports).replace(/notify_update_timeout \d+s;/, `notify_update_timeout ${UPDATE_SECONDS}s;`)
  t.match(conf, `notify_update_timeout ${UPDATE_SECONDS}s;`)
  await startNginx(t, dir, ports, conf)

  const key = (await api('POST', '/v1/streams/benw')).key as string
  const publishing = publish(t, ports.rtmp, key, SHORT_TTL_SECONDS + 20)
  await until('the stream to be live', async () => (await get(`http://127.0.0.1:${ports.http}/live/benw/index.m3u8`)).status === 200 ? true : undefined)

  const sign = (ttl: number): string => signUrl({ stream: '/app/benw', baseUrl: `rtmp://127.0.0.1:${ports.rtmp}`, key: TOKEN_KEY, kid: 'e2e', ttl })
  const unsigned = view(`rtmp://127.0.0.1:${ports.rtmp}/app/benw`)
  const shortUrl = sign(SHORT_TTL_SECONDS)
  const claims = JSON.parse(Buffer.from(new URL(shortUrl).searchParams.get('token')!.split('.')[0]!, 'base64url').toString()) as { exp: number }
  const expiresAt = claims.exp * 1000
  const short = view(shortUrl)
  const long = view(sign(600))
  let longEnded = false
  void long.exited.then(() => { longEnded = true })

  const refusedAt = await unsigned.exited
  t.ok(refusedAt < expiresAt, 'a viewer without a token is refused at play')
  const cutAt = await short.exited
  t.comment(`token expired at ${new Date(expiresAt).toISOString()}; viewer disconnected ${cutAt - expiresAt} ms after`)
  // expired once the clock is past exp (whole seconds), seen at the next update: within a second and an update period
  t.ok(cutAt >= expiresAt, `not disconnected before its token expired (${cutAt - expiresAt} ms)`)
  t.ok(cutAt <= expiresAt + 1000 + UPDATE_SECONDS * 1000 + 3000, `disconnected at an update soon after (${cutAt - expiresAt} ms; updates every ${UPDATE_SECONDS} s)`)
  const expired = logs.lines.filter(l => l.msg === 'decision' && l.reason === 'token-expired')
  t.ok(expired.length >= 1, 'the update found the token expired')

  // two more update periods: the long-lived viewer is asked again and kept
  const updatesBefore = logs.lines.filter(l => l.msg === 'decision' && l.reason === 'token-valid').length
  await until('two more updates of the long-lived viewer', async () =>
    logs.lines.filter(l => l.msg === 'decision' && l.reason === 'token-valid').length >= updatesBefore + 2 ? true : undefined, UPDATE_SECONDS * 5000)
  t.notOk(longEnded, 'a viewer whose token lasts keeps playing')
  await long.stop()
  await publishing
  t.notOk(logs.text().includes(shortUrl.split('token=')[1]!), 'no token in the logs')
})

t.test('streamgate out of reach at an update ends the session, with notify_update_strict off (fail closed)', async t => {
  const dir = t.testdir({ hls: {} })
  const logs = captureLogs()
  const { app, ports, api } = await startStreamgate(t, tokenConfig(dir), logs)
  const conf = renderNginxConf(dir, ports).replace(/notify_update_timeout \d+s;/, `notify_update_timeout ${UPDATE_SECONDS}s;`)
  t.notMatch(conf, /^\s*notify_update_strict on;/m, 'the example leaves strict updates off')
  await startNginx(t, dir, ports, conf)

  const key = (await api('POST', '/v1/streams/benw')).key as string
  const publishing = publish(t, ports.rtmp, key, 60)
  await until('the stream to be live', async () => (await get(`http://127.0.0.1:${ports.http}/live/benw/index.m3u8`)).status === 200 ? true : undefined)
  const viewer = view(signUrl({ stream: '/app/benw', baseUrl: `rtmp://127.0.0.1:${ports.rtmp}`, key: TOKEN_KEY, kid: 'e2e', ttl: 600 }))
  await until('an update that keeps the viewer', async () =>
    logs.lines.some(l => l.msg === 'decision' && l.reason === 'token-valid' && l.action === 'play') ? true : undefined, UPDATE_SECONDS * 5000)

  const closedAt = Date.now()
  await app.close()
  const cutAt = await viewer.exited
  t.ok(cutAt - closedAt <= UPDATE_SECONDS * 1000 + 5000, `the viewer was disconnected at the next update (${cutAt - closedAt} ms after streamgate closed)`)
  t.not((await publishing).code, 0, 'and so was the publisher, before its 60 s')
})
