import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import t from 'tap'
import { signUrl } from '../../src/signing/sign-url.js'
import { buildTestApp, nimble, nimbleBody, oneChain, freePort } from '../helpers.js'

const NGINX = '/usr/sbin/nginx'
const SECRET = 's3cret-e2e'

const config = (dir: string, port: number): string => `
daemon off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} info;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${join(dir, 'body')};
  proxy_temp_path ${join(dir, 'proxy')};
  fastcgi_temp_path ${join(dir, 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'uwsgi')};
  scgi_temp_path ${join(dir, 'scgi')};
  server {
    listen 127.0.0.1:${port};
    location /live/ {
      secure_link $arg_md5,$arg_expires;
      secure_link_md5 "$secure_link_expires$uri $remote_addr ${SECRET}";
      if ($secure_link = "") { return 403 "bad\\n"; }
      if ($secure_link = "0") { return 403 "expired\\n"; }
      return 200 "ok\\n";
    }
  }
}
`

/** GET from nginx, from a chosen loopback source address (that is $remote_addr). */
async function nginxGet (port: number, path: string, localAddress = '127.0.0.1'): Promise<{ status: number, body: string }> {
  return await new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, localAddress }, res => {
      let body = ''
      res.on('data', (chunk: Buffer) => { body += chunk.toString() })
      res.on('end', () => { resolve({ status: res.statusCode ?? 0, body: body.trim() }) })
    })
    req.on('error', reject)
    req.end()
  })
}

async function startNginx (dir: string): Promise<number> {
  const port = await freePort()
  const conf = join(dir, 'nginx.conf')
  writeFileSync(conf, config(dir, port))
  const child = spawn(NGINX, ['-p', dir, '-c', conf, '-e', join(dir, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  t.teardown(async () => {
    if (child.exitCode === null && child.pid !== undefined) {
      const exited = once(child, 'exit')
      process.kill(child.pid, 'SIGTERM')
      await exited
    }
  })
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`)
    try {
      await nginxGet(port, '/')
      return port
    } catch {
      await new Promise(resolve => setTimeout(resolve, 50))
    }
  }
  throw new Error(`nginx did not start within 10 s: ${stderr}`)
}

t.test('nginx secure_link and streamgate agree on signed, tampered and expired links', async t => {
  const port = await startNginx(t.testdir())
  const { app, logs } = await buildTestApp(t, oneChain([{
    rule: 'signed-token',
    options: { scheme: 'nginx-secure-link', keys: [{ id: 'nginx', secret: SECRET }], clockSkewSeconds: 0 }
  }]))
  const streamgate = async (path: string, ip = '127.0.0.1') => (await nimble(app, nimbleBody({ url: path, ip }))).status

  const link = signUrl({ scheme: 'nginx-secure-link', stream: '/live/stream/playlist.m3u8', key: SECRET, ttl: 60, ip: '127.0.0.1' })
  t.same(await nginxGet(port, link), { status: 200, body: 'ok' }, 'nginx accepts the link streamgate signed')
  t.equal(await streamgate(link), 200, 'and streamgate accepts it')

  const md5 = new URL(link, 'http://x').searchParams.get('md5')!
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  const tampered = [
    link.replace('/live/stream/', '/live/streams/'),
    link.replace(/expires=(\d+)/, (_, e: string) => `expires=${Number(e) + 1}`),
    link.replace('md5=', 'md5=A')
  ]
  // the last character of an unpadded 16-byte value carries 2 spare bits, which decoders drop
  for (let i = 0; i < md5.length - 1; i++) {
    tampered.push(link.replace(md5, md5.slice(0, i) + alphabet[(alphabet.indexOf(md5[i]!) + 1) % alphabet.length]! + md5.slice(i + 1)))
  }
  for (const url of tampered) {
    t.same(await nginxGet(port, url), { status: 403, body: 'bad' }, `nginx refuses ${url}`)
    t.equal(await streamgate(url), 403, 'so does streamgate')
  }

  t.same(await nginxGet(port, link, '127.0.0.2'), { status: 403, body: 'bad' }, 'nginx refuses another client address')
  t.equal(await streamgate(link, '127.0.0.2'), 403)

  const expired = signUrl({ scheme: 'nginx-secure-link', stream: '/live/stream/playlist.m3u8', key: SECRET, ttl: 60, ip: '127.0.0.1', now: new Date(Date.now() - 3_600_000) })
  t.same(await nginxGet(port, expired), { status: 403, body: 'expired' }, 'nginx refuses the expired link')
  t.equal(await streamgate(expired), 403, 'so does streamgate')

  const reasons = logs.lines.filter(l => l.msg === 'decision').map(l => String(l.reason))
  t.equal(reasons[0], 'token-valid')
  t.same(new Set(reasons.slice(1, -1)), new Set(['token-bad-signature', 'token-malformed']))
  t.equal(reasons.at(-1), 'token-expired')
  t.notOk(logs.text().includes(md5) || logs.text().includes(SECRET), 'neither link hash nor secret logged')
})
