import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { packageRoot } from '../../src/paths.js'
import { freePort } from '../helpers.js'
import { checkExpectations, nginxSite, readmeSteps, renderExample, rewrite, runSteps } from './readme-helpers.js'

/** The example nginx.conf made to run unprivileged in the test folder, on the test's ports: each change must still apply. */
function renderConf (dir: string, ports: { http: number, streamgate: number }): string {
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(kind => `${kind}_temp_path ${join(dir, kind)};`).join(' ')
  return renderExample('examples/nginx/hls-dash-tree.conf', [
    ['pid /run/nginx.pid;', `pid ${join(dir, 'nginx.pid')};`],
    ['error_log /var/log/nginx/error.log;', `error_log ${join(dir, 'error.log')};`],
    ['access_log /var/log/nginx/access.log;', `access_log ${join(dir, 'access.log')}; ${temp}`],
    ['server 127.0.0.1:8080;', `server 127.0.0.1:${ports.streamgate};`],
    ['listen 80;', `listen 127.0.0.1:${ports.http};`],
    ['/var/www/media', join(dir, 'media')],
    ['/etc/nginx/streamgate/', join(dir, 'etc-streamgate') + '/']
  ])
}

t.test('the README\'s nginx auth_request quick start, as written, with real nginx', async t => {
  const site = nginxSite('readme-nginx-')
  const { dir } = site
  const ports = { http: await freePort(), streamgate: await freePort() }
  writeFileSync(site.conf, renderConf(dir, ports))
  const steps = rewrite(readmeSteps('nginx'), [
    [/^sudo /, ''],
    [/\| sudo tee /, '| tee '],
    ['/etc/nginx/streamgate', join(dir, 'etc-streamgate')],
    ['/var/www/media', join(dir, 'media')],
    ['nginx -c "$PWD/examples/nginx/hls-dash-tree.conf"', site.start],
    ['127.0.0.1:8080', `127.0.0.1:${ports.streamgate}`],
    [/http:\/\/127\.0\.0\.1(?![:\d])/, `http://127.0.0.1:${ports.http}`]
  ])
  const ran = await runSteps(t, steps, { env: { STREAMGATE_PORT: String(ports.streamgate) }, deadlineMs: 150_000, stopFirst: site.stop })
  checkExpectations(t, steps, ran)
  t.same(readFileSync(join(dir, 'etc-streamgate', 'streamgate-auth.conf'), 'utf8'), readFileSync(join(packageRoot, 'examples/nginx/streamgate-auth.conf'), 'utf8'),
    'the auth snippet nginx included is the example\'s, where the README puts it')
})
