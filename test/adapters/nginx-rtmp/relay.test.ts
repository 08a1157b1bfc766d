import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { packageRoot } from '../../../src/paths.js'
import { buildTestApp, keyPolicy } from '../../helpers.js'

const observed = JSON.parse(readFileSync(join(packageRoot, 'test/fixtures/nginx-rtmp/push-relay-hooks.json'), 'utf8')) as Record<string, string>

/** The strict play policy the README documents: an allow-list, with nginx-rtmp's own relay let through first. */
const strict = {
  adapters: { nimble: { enabled: false }, nginxRtmp: { enabled: true } },
  policies: [keyPolicy(), {
    name: 'rtmp-viewers',
    match: { action: 'play' },
    rules: [
      { rule: 'protocol', name: 'own-relay', options: { allow: ['RTMP-RELAY'], onAllowed: 'allow', onNotAllowed: 'abstain' } },
      { rule: 'ip-range', name: 'office', options: { allow: ['10.0.0.0/8'] } }
    ],
    default: 'deny'
  }]
}

const hook = (body: string) => ({ method: 'POST' as const, url: '/nginx-rtmp', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: body })
const withField = (body: string, name: string, value: string): string => {
  const params = new URLSearchParams(body)
  params.set(name, value)
  return params.toString()
}

t.test('the push relay\'s play, exactly as nginx-rtmp sends it, passes a strict play policy as RTMP-RELAY', async t => {
  const { app, logs } = await buildTestApp(t, strict)
  for (const call of ['play', 'update_play']) {
    const res = await app.inject(hook(withField(observed.relayPlay!, 'call', call)))
    t.equal(res.statusCode, 200, call)
  }
  const decisions = logs.lines.filter(l => l.msg === 'decision')
  t.same(decisions.map(d => [d.protocol, d.rule, d.outcome]), [['RTMP-RELAY', 'own-relay', 'allow'], ['RTMP-RELAY', 'own-relay', 'allow']])
  t.equal(decisions[0]!.ip, '127.0.0.1', 'the address is the media server\'s, the hook\'s peer')
  for (const done of [observed.relayPlayDone!, observed.relayDone!]) t.equal((await app.inject(hook(done))).statusCode, 200)
})

t.test('nothing a client controls makes a play look like the relay', async t => {
  const { app, logs } = await buildTestApp(t, strict)
  const viewer = 'app=app&flashver=ngx-local-relay&swfurl=&tcurl=rtmp://127.0.0.1:38612/app&pageurl=&addr=198.51.100.7&clientid=9&call=play&name=benw&start=0&duration=0&reset=0'
  for (const [what, body] of [
    ['a viewer sending the relay\'s flashver', viewer],
    ['... from 127.0.0.1', withField(viewer, 'addr', '127.0.0.1')],
    ['no application but a client address', withField(observed.relayPlay!, 'addr', '127.0.0.1')],
    ['the relay\'s address, another flashver', withField(observed.relayPlay!, 'flashver', 'FMLE/3.0')]
  ] as const) {
    t.equal((await app.inject(hook(body))).statusCode, 403, what)
  }
  t.notOk(logs.lines.some(l => l.msg === 'decision' && l.protocol === 'RTMP-RELAY'), 'none was taken for the relay')
})

t.test('the example config lets the relay through ahead of its own play rules', async t => {
  const { loadConfigFile } = await import('../../../src/config/load.js')
  const { config } = await loadConfigFile(join(packageRoot, 'examples/nginx-rtmp/config.yaml'), { STREAMGATE_JWT_SECRET: 'relay-test-secret-of-32-characters!!', STREAMGATE_HOOK_SECRET: 'relay-test-hook-secret' })
  const { app, logs } = await buildTestApp(t, { ...config, log: { level: 'info' } })
  t.equal((await app.inject({ ...hook(observed.relayPlay!), url: '/nginx-rtmp?secret=relay-test-hook-secret' })).statusCode, 200)
  t.match(logs.lines.find(l => l.msg === 'decision'), { protocol: 'RTMP-RELAY', rule: 'own-relay', outcome: 'allow' })
})
