import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { freePort } from '../helpers.js'
import { checkExpectations, readmeSteps, renderExample, rewrite, runSteps } from './readme-helpers.js'

t.test('the README\'s Icecast quick start, as written: a key from the CLI, ffmpeg as the source, a signed listener', async t => {
  const dir = mkdtempSync(join(tmpdir(), 'readme-icecast-'))
  t.teardown(() => { rmSync(dir, { recursive: true, force: true }) })
  chmodSync(dir, 0o755)
  const ports = { icecast: await freePort(), streamgate: await freePort() }
  // the example on the test's ports, logging to stderr; Icecast changes owner only when started as root
  let xml = renderExample('examples/icecast/icecast.xml', [
    ['127.0.0.1:8080', `127.0.0.1:${ports.streamgate}`],
    ['<port>8000</port>', `<port>${ports.icecast}</port><bind-address>127.0.0.1</bind-address>`],
    ['<logdir>/var/log/icecast2</logdir>', `<logdir>${dir}</logdir>`],
    ['<accesslog>access.log</accesslog>', '<accesslog>-</accesslog>'],
    ['<errorlog>error.log</errorlog>', '<errorlog>-</errorlog>']
  ])
  if (process.getuid?.() !== 0) xml = xml.replace(/<changeowner>[\s\S]*<\/changeowner>/, '')
  const example = join(dir, 'example.xml')
  writeFileSync(example, xml)
  const conf = join(dir, 'streamgate.xml')
  const steps = rewrite(readmeSteps('icecast'), [
    // in the foreground of the test's shell, so that the test stops it with its other jobs
    ['sudo icecast2 -b -c /etc/icecast2/streamgate.xml', `/usr/bin/icecast2 -c ${conf} >/dev/null &`],
    ['/etc/icecast2/streamgate.xml', conf],
    ['examples/icecast/icecast.xml', example],
    ['| sudo tee ', '| tee '],
    [/^sudo chmod /, 'chmod '],
    ['127.0.0.1:8080', `127.0.0.1:${ports.streamgate}`],
    ['127.0.0.1:8000', `127.0.0.1:${ports.icecast}`]
  ])
  t.ok(steps.some(s => /^KEY=\$\(npx streamgate keys create live\.mp3 --config examples\/icecast\/config\.yaml\)$/.test(s.command)), 'the key comes from the CLI')
  const ran = await runSteps(t, steps, { env: { STREAMGATE_PORT: String(ports.streamgate) }, deadlineMs: 160_000 })
  checkExpectations(t, steps, ran)
  // decision lines reach stdout in batches, at most a second or so after the answer
  await t.resolves(ran.printed(/"action":"publish"[^\n]*"reason":"valid-key"/, 10_000), 'the key the CLI printed admitted ffmpeg')
  await t.resolves(ran.printed(/"reason":"token-valid"[^\n]*"msg":"decision"/, 10_000), 'the signed link admitted the listener')
  t.match(readFileSync(conf, 'utf8'), /icecast\/auth\?secret=[0-9a-f]{64}"/, 'the URL options carry the secret the README made')
  t.notOk(ran.all().includes('bad-hook-secret'), 'and streamgate took it')
})
