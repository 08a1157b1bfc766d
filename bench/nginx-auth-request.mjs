// nginx auth_request: viewer → nginx → auth_request → streamgate (example config hls-dash-tree.yaml, a native
// token checked on every request; with info logs and with warn logs) against viewer → nginx → auth_request → a bare
// Fastify 204 route, every nginx running examples/nginx/streamgate-auth.conf, in interleaved wrk rounds with the
// order rotated.
// Usage: npm run bench:nginx [-- --rounds 8 --seconds 5 --connections 32]
import { randomBytes } from 'node:crypto'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { freePort, interleave, playlistSignedUri, root, startTarget, table } from './lib.mjs'

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '8' }, seconds: { type: 'string', default: '5' }, connections: { type: 'string', default: '32' } } })
const examples = join(root, 'examples', 'nginx')
const dir = mkdtempSync(join(tmpdir(), 'sg-bench-nginx-'))
chmodSync(dir, 0o755) // nginx started as root serves files as nobody
const tokenKey = randomBytes(32).toString('hex')
const path = playlistSignedUri(tokenKey)

mkdirSync(join(dir, 'media', 'hls', 'stream'), { recursive: true })
writeFileSync(join(dir, 'media', 'hls', 'stream', 'index.m3u8'), '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.000,\n0.ts\n#EXT-X-ENDLIST\n')

/** An nginx in front of one auth service, guarding /hls/ with the example's auth location. */
async function nginxFor (name, upstreamPort) {
  const port = await freePort()
  const home = join(dir, name.replace(/\W+/g, '-'))
  mkdirSync(home)
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(kind => `${kind}_temp_path ${join(home, kind)};`).join('\n  ')
  writeFileSync(join(home, 'nginx.conf'), `daemon off;
worker_processes 1;
pid ${join(home, 'nginx.pid')};
error_log ${join(home, 'error.log')} warn;
events { worker_connections 1024; }
http {
  access_log off;
  ${temp}
  upstream streamgate { server 127.0.0.1:${upstreamPort}; keepalive 32; }
  server {
    listen 127.0.0.1:${port};
    root ${join(dir, 'media')};
    location /hls/ {
      auth_request /_streamgate;
      auth_request_set $streamgate_redirect $upstream_http_x_redirect_location;
      error_page 401 = @streamgate_redirect;
      types { application/vnd.apple.mpegurl m3u8; }
    }
    include ${join(examples, 'streamgate-auth.conf')};
  }
}
`)
  return await startTarget({ name, command: '/usr/sbin/nginx', args: ['-p', home, '-c', join(home, 'nginx.conf'), '-e', join(home, 'error.log')], port })
}

const services = []
const targets = []
try {
  const baselinePort = await freePort()
  services.push(await startTarget({ name: 'bare Fastify 204', command: process.execPath, args: [join(root, 'bench', 'nginx-baseline.mjs')], port: baselinePort }))
  // the CPU column is the auth service's: nginx is the same in every target
  targets.push({ ...await nginxFor('baseline: nginx → auth_request → bare Fastify 204', baselinePort), cpuPid: services.at(-1).child.pid })
  for (const level of ['info', 'warn']) {
    const port = await freePort()
    services.push(await startTarget({
      name: `streamgate (${level})`,
      command: 'sh',
      args: ['-c', `exec "${process.execPath}" "${root}dist/src/cli.js" start --config "${join(examples, 'hls-dash-tree.yaml')}" > /dev/null`],
      env: { STREAMGATE_PORT: String(port), STREAMGATE_TOKEN_KEY: tokenKey, STREAMGATE_LOG_LEVEL: level },
      port
    }))
    targets.push({ ...await nginxFor(`nginx → auth_request → streamgate (native token, ${level === 'info' ? 'a decision line per request' : 'warn logs'} to /dev/null)`, port), cpuPid: services.at(-1).child.pid })
  }
  for (const target of targets) {
    const res = await fetch(`http://127.0.0.1:${target.port}${path}`)
    if (res.status !== 200) throw new Error(`${target.name}: the signed playlist got ${res.status}, not 200`)
  }
  const rows = interleave(targets, { rounds: Number(values.rounds), seconds: Number(values.seconds), connections: Number(values.connections), path, method: 'GET', headers: {} })
  console.log(`${new Date().toISOString()} · ${cpus().length}× ${cpus()[0]?.model} · Node ${process.version} · nginx 1 worker each · wrk -t1 -c${values.connections}, ${values.rounds} rounds × ${values.seconds} s, order rotated\n`)
  console.log(table(rows))
} finally {
  for (const target of [...targets, ...services]) await target.stop()
  rmSync(dir, { recursive: true, force: true })
}
