import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { loadConfigFile } from '../../src/config/load.js'
import type { PolicyConfig } from '../../src/generated/config.js'
import { captureLogs } from '../helpers.js'
import { example, get, HOOK_SECRET, publish, SECRET, renderNginxConf, startNginx, startStreamgate, until } from './nginx-rtmp-harness.js'

t.test('publishing with stream keys through real nginx-rtmp and ffmpeg', async t => {
  const dir = t.testdir({ hls: {} })
  const logs = captureLogs()
  const { app, address, ports, jwt, api } = await startStreamgate(t, join(example, 'config.yaml'), logs)
  const { config } = await loadConfigFile(join(example, 'config.yaml'), { STREAMGATE_HOOK_SECRET: HOOK_SECRET, STREAMGATE_JWT_SECRET: SECRET })
  const rendered = renderNginxConf(dir, ports)
  t.equal(rendered.match(/ on_\w+ http:\S+\?secret=e2e-hook-secret-shared-with-nginx-rtmp;/g)?.length, 8, 'every hook URL carries the secret')
  await startNginx(t, dir, ports, rendered)

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
      const { code, stderr } = await publish(t, ports.rtmp, name, 3)
      t.not(code, 0, `${what}: ffmpeg exits non-zero`)
      t.match(stderr, /Input\/output error|error/i, what)
    }
    t.equal((await get(playlist)).status, 404)
    t.same(readdirSync(join(dir, 'hls')), [], 'nothing was written')
    t.same(await liveNames(), [])
  })

  t.test('a valid key: the stream appears under its public name only, then goes offline', async t => {
    const publishing = publish(t, ports.rtmp, key, 8)
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
    const refused = await publish(t, ports.rtmp, key, 3)
    t.not(refused.code, 0, 'a valid key from a denied address: ffmpeg is disconnected')
    t.match(logs.lines.filter(l => l.msg === 'decision' && l.action === 'publish').at(-1), { policy: 'publishers', rule: 'ip-range', reason: 'ip-denied', outcome: 'deny', ip: '127.0.0.1' })
    t.same(await liveNames(), [], 'nothing went live')

    await app.replacePolicies([publishers({ allow: ['127.0.0.1/32'], onAllowed: 'abstain' }), ...viewers])
    const publishing = publish(t, ports.rtmp, key, 4)
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
    t.equal(logs.lines.filter(l => l.msg === 'nginx-rtmp request refused').length, 2, 'and was read, on_disconnect\'s too: only the two forged ones were refused')
    t.ok(existsSync(join(dir, 'error.log')))
  })
})
