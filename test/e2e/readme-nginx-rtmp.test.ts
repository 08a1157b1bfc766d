import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { freePort } from '../helpers.js'
import { checkExpectations, nginxSite, readmeSteps, renderExample, rewrite, runSteps } from './readme-helpers.js'

interface Ports { rtmp: number, http: number, streamgate: number }

/** The example nginx.conf made to run unprivileged in the test folder, on the test's ports: each change must still apply. */
function renderConf (dir: string, ports: Ports): string {
  return renderExample('examples/nginx-rtmp/nginx.conf', [
    ['127.0.0.1:8080', `127.0.0.1:${ports.streamgate}`],
    ['listen 1935;', `listen 127.0.0.1:${ports.rtmp};`],
    ['rtmp://127.0.0.1:1935/', `rtmp://127.0.0.1:${ports.rtmp}/`],
    ['listen 8088;', `listen 127.0.0.1:${ports.http};`],
    ['/var/lib/nginx', dir],
    ['/run/nginx-rtmp.pid', join(dir, 'nginx.pid')],
    ['/var/log/nginx', dir]
  ])
}

t.test('the README\'s nginx-rtmp quick start, as written: a key that reaches the server, ffmpeg, HLS at once', async t => {
  const site = nginxSite('readme-nginx-rtmp-')
  const { dir } = site
  mkdirSync(join(dir, 'hls'))
  chmodSync(join(dir, 'hls'), 0o777) // nginx's workers write HLS there
  const ports: Ports = { rtmp: await freePort(), http: await freePort(), streamgate: await freePort() }
  // the example moved to the test's ports and folder; the README's own sed puts the hook secret in
  const example = join(dir, 'example.conf')
  writeFileSync(example, renderConf(dir, ports))
  const steps = rewrite(readmeSteps('nginx-rtmp'), [
    ['sudo nginx -c /etc/nginx/rtmp-streamgate.conf', site.start],
    ['/etc/nginx/rtmp-streamgate.conf', site.conf],
    ['examples/nginx-rtmp/nginx.conf', example],
    ['| sudo tee ', '| tee '],
    [/^sudo chmod /, 'chmod '],
    ['127.0.0.1:8080', `127.0.0.1:${ports.streamgate}`],
    ['127.0.0.1:1935', `127.0.0.1:${ports.rtmp}`],
    ['127.0.0.1:8088', `127.0.0.1:${ports.http}`]
  ])
  t.ok(steps.some(s => /^KEY=\$\(npx streamgate keys create benw --config examples\/nginx-rtmp\/config\.yaml\)$/.test(s.command)), 'the key comes from the CLI')
  t.ok(steps.some(s => / -g \d+ /.test(s.command) && s.command.startsWith('ffmpeg')), 'ffmpeg sets its keyframe interval')
  const ran = await runSteps(t, steps, { env: { STREAMGATE_PORT: String(ports.streamgate) }, deadlineMs: 160_000, stopFirst: site.stop })
  checkExpectations(t, steps, ran)
  const playlist = ran.outputs.at(-1)!
  const first = /#EXTINF:([\d.]+),/.exec(playlist)
  t.ok(first !== null && Number(first[1]) <= 2.5, 'the first fragment is cut at the first two-second keyframe', { playlist })
  t.same(readdirSync(join(dir, 'hls')), ['benw'], 'HLS under the public name only: the key names nothing public')
  // decision lines reach stdout in batches, at most a second or so after the answer
  await t.resolves(ran.printed(/"reason":"valid-key"[^\n]*"msg":"decision"/, 10_000), 'the key the CLI printed was valid for the running server')
  await t.resolves(ran.printed(/"protocol":"RTMP-RELAY"[^\n]*"outcome":"allow"[^\n]*"rule":"own-relay"/, 10_000), 'the push relay was recognised')
  t.match(readFileSync(site.conf, 'utf8'), /nginx-rtmp\?secret=[0-9a-f]{64};/, 'the hook URLs carry the secret the README made')
  t.notOk(ran.all().includes('bad-hook-secret'), 'and streamgate took it')
})
