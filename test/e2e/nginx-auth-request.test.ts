import { type ChildProcess, spawn } from 'node:child_process'
import { createDecipheriv, createHmac, randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { type AddressInfo, connect } from 'node:net'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import t, { type Test } from 'tap'
import { buildApp } from '../../src/app.js'
import { loadConfigFile } from '../../src/config/load.js'
import { packageRoot } from '../../src/paths.js'
import { Balances } from '../../src/paywall/balances.js'
import { compileGlob } from '../../src/core/glob.js'
import { signUrl } from '../../src/signing/sign-url.js'
import { captureLogs, type LogCapture, freePort } from '../helpers.js'
import { FREE, PATH_VARIANTS, VIP, withQuery } from '../path-variants.js'

const NGINX = '/usr/sbin/nginx'
const EXAMPLES = join(packageRoot, 'examples', 'nginx')

/** An example file with its production values swapped for the test's; a value the example lost fails the test. */
function render (file: string, replacements: Array<[string, string]>): string {
  let text = readFileSync(join(EXAMPLES, file), 'utf8')
  for (const [from, to] of replacements) {
    if (!text.includes(from)) throw new Error(`examples/nginx/${file} no longer contains ${JSON.stringify(from)}: update this test's rendering`)
    text = text.split(from).join(to)
  }
  return text
}

interface Ports { http: number, streamgate: number }

/** What every example needs changed to run unprivileged inside a test folder, in the foreground. */
function testSite (dir: string, ports: Ports): Array<[string, string]> {
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(kind => `${kind}_temp_path ${join(dir, kind)};`).join(' ')
  return [
    ['worker_processes auto;', 'daemon off;\nworker_processes 1;'],
    ['pid /run/nginx.pid;', `pid ${join(dir, 'nginx.pid')};`],
    ['error_log /var/log/nginx/error.log;', `error_log ${join(dir, 'error.log')} info;`],
    ['access_log /var/log/nginx/access.log;', `access_log ${join(dir, 'access.log')}; ${temp}`],
    ['server 127.0.0.1:8080;', `server 127.0.0.1:${ports.streamgate};`],
    ['listen 80;', `listen 127.0.0.1:${ports.http};`],
    ['/var/www/media', join(dir, 'media')],
    ['/etc/nginx/streamgate/', `${dir}/`]
  ]
}

async function startNginx (t: Test, dir: string, conf: string, port: number): Promise<ChildProcess> {
  for (const snippet of ['streamgate-auth.conf', 'streamgate-auth-cached.conf', 'streamgate-cache-key.conf']) writeFileSync(join(dir, snippet), readFileSync(join(EXAMPLES, snippet)))
  const path = join(dir, 'nginx.conf')
  writeFileSync(path, conf)
  const child = spawn(NGINX, ['-p', dir, '-c', path, '-e', join(dir, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  t.teardown(() => stop(child))
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`)
    try {
      await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(500) })
      return child
    } catch {
      await sleep(50)
    }
  }
  throw new Error(`nginx did not start within 10 s: ${stderr}`)
}

async function stop (child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
  const exited = once(child, 'exit')
  process.kill(child.pid, 'SIGTERM')
  await exited
}

interface Streamgate { balances: Balances, logs: LogCapture, port: number, connections: () => number, decisions: () => Array<Record<string, unknown>> }

/** streamgate from an example config (or one at an absolute path), on a free loopback port. */
async function startStreamgate (t: Test, file: string, env: NodeJS.ProcessEnv): Promise<Streamgate> {
  const { config, baseDir } = await loadConfigFile(resolve(EXAMPLES, file), env)
  const logs = captureLogs()
  const app = await buildApp({ config, baseDir, logStream: logs.stream })
  t.teardown(() => app.close())
  let connections = 0
  app.server.on('connection', () => { connections++ })
  await app.listen({ port: 0, host: '127.0.0.1' })
  return {
    balances: new Balances(app.store),
    logs,
    port: (app.server.address() as AddressInfo).port,
    connections: () => connections,
    decisions: () => logs.lines.filter(l => l.msg === 'decision')
  }
}

const TOKEN_KEY = randomBytes(32).toString('hex')

const PLAYLIST = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:2', '#EXT-X-MEDIA-SEQUENCE:0', '#EXTINF:2.000,', '0.ts', '#EXTINF:2.000,', '1.ts', '#EXT-X-ENDLIST', ''].join('\n')
const MPD = '<?xml version="1.0"?>\n<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static"><Period><AdaptationSet><SegmentTemplate media="stream-$Number$.m4s" initialization="stream-init.mp4"/><Representation id="0" bandwidth="500000"/></AdaptationSet></Period></MPD>\n'

/** A small HLS and DASH tree on disk, served by nginx with example config (1) or its cached variant (3). */
async function treeSite (t: Test, cached: boolean): Promise<{ base: string, streamgate: Streamgate, segment: Buffer }> {
  const dir = t.testdir()
  mkdirSync(join(dir, 'media', 'dash'), { recursive: true })
  const segment = Buffer.concat([Buffer.from([0x47]), randomBytes(187)])
  for (const stream of ['stream', 'other']) {
    mkdirSync(join(dir, 'media', 'hls', stream), { recursive: true })
    writeFileSync(join(dir, 'media', 'hls', stream, 'index.m3u8'), PLAYLIST)
    for (const name of ['0.ts', '1.ts']) writeFileSync(join(dir, 'media', 'hls', stream, name), segment)
  }
  writeFileSync(join(dir, 'media', 'dash', 'stream.mpd'), MPD)
  const streamgate = await startStreamgate(t, 'hls-dash-tree.yaml', { STREAMGATE_TOKEN_KEY: TOKEN_KEY })
  const ports = { http: await freePort(), streamgate: streamgate.port }
  const cache: Array<[string, string]> = cached
    ? [['# proxy_cache_path /var/cache/nginx/streamgate', `proxy_cache_path ${join(dir, 'cache')}`],
        ['# include /etc/nginx/streamgate/streamgate-cache-key.conf;', 'include /etc/nginx/streamgate/streamgate-cache-key.conf;'],
        ['streamgate-auth.conf;', 'streamgate-auth-cached.conf;']]
    : []
  await startNginx(t, dir, render('hls-dash-tree.conf', [...cache, ...testSite(dir, ports)]), ports.http)
  return { base: `http://127.0.0.1:${ports.http}`, streamgate, segment }
}

const token = (path: string, scope: string): string => signUrl({ stream: path, scope, key: TOKEN_KEY, kid: 'web1', ttl: 300 })
const get = async (url: string, headers: Record<string, string> = {}) => await fetch(url, { redirect: 'manual', headers })

t.test('(1) a guarded HLS/DASH tree: allowed, denied and redirected viewers', async t => {
  const { base, streamgate, segment } = await treeSite(t, false)
  const playlistUrl = token('/hls/stream/index.m3u8', '/hls/stream/*')
  const query = playlistUrl.slice(playlistUrl.indexOf('?'))

  const playlist = await get(base + playlistUrl)
  t.equal(playlist.status, 200, 'a signed playlist link is served')
  const body = await playlist.text()
  t.ok(body.includes(`\n0.ts${query}\n`) && body.includes(`\n1.ts${query}\n`), 'segment URIs carry the viewer\'s token')
  t.ok(body.startsWith('#EXTM3U\n#EXT-X-VERSION:3\n'), 'tags are left alone')
  const chunk = await get(`${base}/hls/stream/0.ts${query}`)
  t.equal(chunk.status, 200)
  t.same(Buffer.from(await chunk.arrayBuffer()), segment, 'the segment, through the token the playlist gave it')

  const redirected = await get(`${base}/hls/stream/index.m3u8`)
  t.equal(redirected.status, 302, 'no token: sent to log in')
  t.equal(redirected.headers.get('location'), 'https://www.example.com/login')
  t.equal((await get(`${base}/hls/stream/0.ts`)).status, 302)

  t.equal((await get(base + playlistUrl.replace('token=', 'token=x'))).status, 403, 'a tampered token')
  t.equal((await get(base + token('/hls/other/index.m3u8', '/hls/other/*').replace('/hls/other/', '/hls/stream/'))).status, 403, 'a token for another stream')
  t.equal((await get(`${base}/hls/stream/0.ts${query}`, { 'X-Forwarded-For': '192.0.2.1', 'X-Real-IP': '192.0.2.1' })).status, 200, 'a made-up X-Forwarded-For or X-Real-IP changes nothing (the decisions below are about 127.0.0.1)')

  const mpdUrl = token('/dash/stream.mpd', '/dash/stream*')
  const mpd = await get(base + mpdUrl)
  t.equal(mpd.status, 200)
  t.match(await mpd.text(), `media="stream-$Number$.m4s${mpdUrl.slice(mpdUrl.indexOf('?'))}"`, 'DASH segment templates carry the token')
  t.equal((await get(`${base}/dash/stream.mpd`)).status, 302)

  const decisions = streamgate.decisions()
  t.same(decisions.map(d => [d.protocol, d.outcome]), [
    ['HLS', 'allow'], ['HLS', 'allow'], ['HLS', 'redirect'], ['HLS', 'redirect'], ['HLS', 'deny'], ['HLS', 'deny'], ['HLS', 'allow'],
    ['DASH', 'allow'], ['DASH', 'redirect']
  ], 'one decision per request, protocol inferred from the path')
  t.ok(decisions.every(d => d.ip === '127.0.0.1' && d.adapter === 'nginx-auth-request'))
  t.notMatch(streamgate.logs.text(), query.slice(7, 40), 'tokens are not logged')
})

t.test('(1) no body in any answer: nginx keeps one upstream connection for many subrequests', async t => {
  const { base, streamgate } = await treeSite(t, false)
  const playlistUrl = token('/hls/stream/index.m3u8', '/hls/stream/*')
  for (let i = 0; i < 30; i++) {
    const res = await get(i % 3 === 0 ? `${base}/hls/stream/index.m3u8?token=bad` : base + playlistUrl)
    await res.arrayBuffer()
  }
  t.equal(streamgate.decisions().length, 30)
  t.equal(streamgate.connections(), 1, '30 allows and denies over a single kept-alive connection')
})

t.test('(1) any method a viewer uses reaches the rules as a publish: nginx asks with GET and X-Original-Method, never a 500', async t => {
  const { base, streamgate } = await treeSite(t, false)
  const port = Number(new URL(base).port)
  const playlistUrl = token('/hls/stream/index.m3u8', '/hls/stream/*')
  // PROPFIND is a method Node's HTTP parser reads, FOO one it refuses: nginx forwards both
  for (const method of ['PROPFIND', 'FOO', 'DELETE']) {
    const before = streamgate.decisions().length
    t.equal((await rawGet(port, '/hls/stream/index.m3u8', method)).status, 403, `${method} without a token: refused`)
    t.equal((await rawGet(port, playlistUrl, method)).status, 403, `${method} with a playback token: refused`)
    // signed-token guards playback only; nothing in this policy allows a publish
    t.match(streamgate.decisions().slice(before), [
      { action: 'publish', outcome: 'deny', path: '/hls/stream/index.m3u8', rule: 'default' },
      { action: 'publish', outcome: 'deny', path: '/hls/stream/index.m3u8', rule: 'default' }
    ], `${method}: decided by the policy, once per request`)
    t.equal(streamgate.decisions().length - before, 2)
  }
})

t.test('(3) allow decisions cached by nginx for a few seconds, per token, stream and file type; denials never', async t => {
  const { base, streamgate } = await treeSite(t, true)
  const port = Number(new URL(base).port)
  const asked = () => streamgate.decisions().length
  const playlistUrl = token('/hls/stream/index.m3u8', '/hls/stream/*')
  const query = playlistUrl.slice(playlistUrl.indexOf('?'))
  for (let i = 0; i < 5; i++) t.equal((await get(base + playlistUrl)).status, 200)
  t.equal(asked(), 1, 'five allowed playlist requests, one decision')
  t.equal((await get(`${base}/hls/stream/0.ts${query}`)).status, 200)
  t.equal(asked(), 2, 'the first segment is asked (another file type)')
  t.equal((await get(`${base}/hls/stream/1.ts${query}`)).status, 200)
  t.equal((await get(`${base}/hls/stream/0.ts${query}`)).status, 200)
  t.equal(asked(), 2, 'the next segments of the same stream with the same token come from the cache')

  const secondToken = signUrl({ stream: '/hls/stream/index.m3u8', scope: '/hls/stream/*', key: TOKEN_KEY, kid: 'web1', ttl: 600 }).replace(/^.*\?/, '?')
  t.not(secondToken, query, 'a token of its own: another expiry')
  t.equal((await get(`${base}/hls/stream/1.ts${secondToken}`)).status, 200)
  t.equal(asked(), 3, 'another token for the same stream is asked')
  t.equal((await get(`${base}/hls/other/1.ts${query}`)).status, 403, 'the first stream\'s token does not open another stream')
  t.equal(asked(), 4, 'another stream is asked')
  const otherQuery = token('/hls/other/index.m3u8', '/hls/other/*').replace(/^.*\?/, '?')
  t.equal((await get(`${base}/hls/other/1.ts${otherQuery}`)).status, 200)
  t.equal(asked(), 5)
  t.equal((await get(`${base}/hls/stream/1.ts${query}`, { Cookie: 'sessionid=other' })).status, 200)
  t.equal(asked(), 6, 'another session is not served from the cache')

  const plain = asked()
  t.equal((await rawGet(port, `/hls/stream/1.ts${query}`)).status, 200)
  t.equal((await rawGet(port, `/hls/stream/1.ts${query}`)).status, 200)
  t.equal(asked(), plain + 1, 'a request sent as written is cached like any other (another Host: one more decision)')
  for (const path of ['/hls/stream/./1.ts', '/hls/stream//1.ts', '/hls/x/../stream/1.ts', '/hls/%73tream/1.ts', '/hls/stream/1.ts?x=%41&']) {
    const target = path.includes('?') ? path + query.slice(1) : path + query
    const before = asked()
    t.equal((await rawGet(port, target)).status, 200, path)
    t.equal((await rawGet(port, target)).status, 200, path)
    t.equal(asked(), before + 2, `${path}: nginx would decode or resolve it, so it is asked every time`)
  }
  const before = asked()
  for (let i = 0; i < 3; i++) t.equal((await get(`${base}/hls/stream/index.m3u8?token=bad`)).status, 403)
  t.equal(asked(), before + 3, 'every refusal is asked again')
  await sleep(6000)
  t.equal((await get(base + playlistUrl)).status, 200)
  t.equal(asked(), before + 4, 'the cached allow expired')
})

const PLAYLIST_SECRET = randomBytes(24).toString('base64url')
const signature = (session: string, stream: string): string => createHmac('sha1', PLAYLIST_SECRET).update(`${session} ${stream}`).digest('base64')

t.test('(2) encrypted HLS from nginx-rtmp: keys only for the session the playlist was signed for, metered per minute', async t => {
  const dir = t.testdir()
  mkdirSync(join(dir, 'media', 'hls'), { recursive: true })
  mkdirSync(join(dir, 'media', 'keys'), { recursive: true })
  const streamgate = await startStreamgate(t, 'encrypted-hls.yaml', { STREAMGATE_PLAYLIST_SECRET: PLAYLIST_SECRET })
  await streamgate.balances.topUp('paying-session', 600)
  const ports = { http: await freePort(), streamgate: streamgate.port }
  const rtmp = await freePort()
  await startNginx(t, dir, render('encrypted-hls.conf', [
    ['change-me-same-secret-as-in-nginx', PLAYLIST_SECRET],
    ['listen 1935;', `listen 127.0.0.1:${rtmp};`],
    ['hls_fragment 10s;', 'hls_fragment 1s;'],
    ['hls_playlist_length 60s;', 'hls_playlist_length 20s;'],
    ...testSite(dir, ports)
  ]), ports.http)

  const ffmpeg = spawn('ffmpeg', ['-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25', '-f', 'lavfi', '-i', 'sine',
    '-c:v', 'libx264', '-g', '25', '-c:a', 'aac', '-t', '40', '-f', 'flv', `rtmp://127.0.0.1:${rtmp}/app/stream`], { stdio: 'ignore' })
  t.teardown(() => stop(ffmpeg))

  const base = `http://127.0.0.1:${ports.http}`
  const viewer = { Cookie: 'theme=dark; sessionid=paying-session' }
  let playlist = ''
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline && (playlist.match(/#EXT-X-KEY/g) ?? []).length < 2) {
    await sleep(500)
    const res = await get(`${base}/hls/stream/index.m3u8`, viewer)
    playlist = res.status === 200 ? await res.text() : ''
  }
  const keys = [...playlist.matchAll(/#EXT-X-KEY:METHOD=AES-128,URI="([^"]+)",IV=0x([0-9a-fA-F]{32})/g)].map(([, uri = '', iv = '']) => ({ uri, iv }))
  t.ok(keys.length >= 2, 'the key rotated after 6 fragments')
  const [first, second] = keys as [{ uri: string, iv: string }, { uri: string, iv: string }]
  const expected = `?s=${encodeURIComponent(signature('paying-session', 'stream'))}`
  t.equal(first.uri, `/keys/stream/0.key${expected}`, 'nginx signed the key URI for this viewer\'s session')

  const key = await get(base + first.uri, viewer)
  t.equal(key.status, 200, 'the paying viewer gets the key')
  const keyBytes = Buffer.from(await key.arrayBuffer())
  t.equal(keyBytes.length, 16)
  const segment = Buffer.from(await (await get(`${base}/hls/stream/0.ts`)).arrayBuffer())
  const decipher = createDecipheriv('aes-128-cbc', keyBytes, Buffer.from(first.iv, 'hex'))
  const clear = Buffer.concat([decipher.update(segment), decipher.final()])
  t.equal(clear[0], 0x47, 'and it decrypts the first segment to MPEG-TS')
  t.equal((await get(base + second.uri, viewer)).status, 200, 'the next key in the same minute')
  t.equal((await streamgate.balances.read('paying-session')).seconds, 540, 'both keys inside one metering window')

  t.equal((await get(base + first.uri)).status, 403, 'no cookie: no key')
  t.equal((await get(base + first.uri, { Cookie: 'sessionid=someone-else' })).status, 403, 'a key URL copied to another session')
  t.equal((await get(`${base}/keys/stream/0.key`, viewer)).status, 403, 'no signature')

  const broke = { Cookie: 'sessionid=broke-session' }
  const theirs = await (await get(`${base}/hls/stream/index.m3u8`, broke)).text()
  const theirKey = /URI="([^"]+)"/.exec(theirs)?.[1] ?? ''
  t.ok(theirKey.includes(`?s=${encodeURIComponent(signature('broke-session', 'stream'))}`), 'their own playlist is signed for them')
  t.equal((await get(base + theirKey, broke)).status, 403, 'a logged-in viewer with no balance gets no key')

  t.same(streamgate.decisions().map(d => [d.outcome, d.reason]), [
    ['allow', 'window-paid'], ['allow', 'window-paid'],
    ['deny', 'cookie-missing'], ['deny', 'cookie-signature-mismatch'], ['deny', 'cookie-signature-missing'],
    ['deny', 'balance-exhausted']
  ], 'only key fetches reach streamgate')
  t.notMatch(streamgate.logs.text(), 'paying-session', 'session cookies are not logged')
})

/**
 * A request sent exactly as written (fetch would normalise the path first), over HTTP/1.0 so that nginx answers
 * with the whole body and closes; the body and nginx's $uri come back. Read by hand: X-Served-Uri holds $uri as
 * it is, a decoded line feed included, which no HTTP client would parse.
 */
async function rawGet (port: number, target: string, method = 'GET'): Promise<{ status: number, body: string, uri: string | undefined }> {
  const socket = connect(port, '127.0.0.1')
  // written, not ended: nginx takes a half-closed connection for a viewer who left and drops the request
  socket.write(Buffer.from(`${method} ${target} HTTP/1.0\r\nHost: media.example.com\r\n\r\n`, 'latin1'))
  const chunks: Buffer[] = []
  for await (const chunk of socket) chunks.push(chunk as Buffer)
  const response = Buffer.concat(chunks)
  const headEnd = response.indexOf('\r\n\r\n')
  const head = response.subarray(0, headEnd).toString('utf8')
  const uri = /\r\nX-Served-Uri: ([^\r]*)/.exec(head)?.[1]
  return { status: Number(head.slice(9, 12)), body: response.subarray(headEnd + 4).toString('utf8'), uri }
}

const VARIANTS_CONFIG = `
adapters:
  nimble: { enabled: false }
  nginx: { enabled: true, path: /nginx/auth }
policies:
  - name: vip
    match: { app: hls, stream: "vip-*" }
    rules:
      - rule: signed-token
        options:
          scheme: native
          keys: [{ id: web1, secret: "\${STREAMGATE_TOKEN_KEY}" }]
          onMissing: deny
          onInvalid: deny
    default: deny
    onError: deny
  - name: public
    rules: []
    default: allow
`

t.test('(4) every path variant: a protected file only with a right to it, decided on the path nginx serves', async t => {
  const dir = t.testdir()
  const files = new Map<string, string>([[VIP, '#EXTM3U\n# vip-2\n'], [FREE, '#EXTM3U\n# free\n']])
  for (const [path, body] of files) {
    mkdirSync(join(dir, 'media', path, '..'), { recursive: true })
    writeFileSync(join(dir, 'media', path), body)
  }
  writeFileSync(join(dir, 'streamgate.yaml'), VARIANTS_CONFIG)
  const streamgate = await startStreamgate(t, join(dir, 'streamgate.yaml'), { STREAMGATE_TOKEN_KEY: TOKEN_KEY })
  const ports = { http: await freePort(), streamgate: streamgate.port }
  // nginx reports the $uri it served in a header, in the guarded location and everywhere else
  await startNginx(t, dir, render('hls-dash-tree.conf', [
    ['add_header Cache-Control no-cache;', 'add_header Cache-Control no-cache; add_header X-Served-Uri $uri always;'],
    ['sendfile on;', 'sendfile on; add_header X-Served-Uri $uri always;'],
    ...testSite(dir, ports)
  ]), ports.http)

  const queryOf = (url: string): string => url.slice(url.indexOf('?') + 1)
  const rights = { none: '', vip: queryOf(token(VIP, '/hls/vip-2/*')), free: queryOf(token(FREE, '/hls/free/*')) }
  const protectedStream = compileGlob('vip-*')
  let checked = 0
  for (const variant of PATH_VARIANTS) {
    for (const [right, query] of Object.entries(rights)) {
      const target = query === '' ? variant.target : withQuery(variant.target, query)
      const label = `${variant.target} (token: ${right})`
      const before = streamgate.decisions().length
      const res = await rawGet(ports.http, target)
      const decisions = streamgate.decisions().slice(before)
      if (variant.nginxRefuses === true) {
        t.equal(res.status, 400, `${label}: nginx refuses it itself`)
        t.equal(decisions.length, 0, `${label}: never reaches streamgate`)
        continue
      }
      if (!variant.nginx.startsWith('/')) {
        t.equal(res.status, 403, `${label}: refused`)
        t.match(decisions, [{ outcome: 'deny', rule: 'adapter', reason: variant.nginx }], `${label}: refused as ${variant.nginx}`)
        continue
      }
      const path = variant.nginx
      t.equal(res.uri, path, `${label}: nginx served $uri ${path}, as streamgate's canonical path says`)
      const guarded = path.startsWith('/hls/')
      const stream = path.split('/')[2] ?? ''
      const permitted = !protectedStream(stream) || (right === 'vip' && path.startsWith('/hls/vip-2/'))
      const served = files.get(path)
      if (guarded) {
        t.match(decisions, [{ path, app: 'hls', stream }], `${label}: the one decision names the stream nginx served`)
        t.equal(decisions.length, 1)
      } else {
        t.equal(decisions.length, 0, `${label}: outside the guarded location`)
      }
      t.equal(res.status, guarded && !permitted ? 403 : served === undefined ? 404 : 200, label)
      if (res.status === 200) {
        t.equal(res.body, served, `${label}: the file at ${path}`)
        if (path === VIP) t.equal(right, 'vip', `${label}: the protected file went to a viewer with a right to it`)
      }
      checked++
    }
  }
  t.ok(checked >= 90, `${checked} requests checked against what nginx served`)
})
