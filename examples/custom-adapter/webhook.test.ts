import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { buildApp, loadConfigFile } from 'streamgate'
import webhook from './webhook.js'

const here = import.meta.dirname

t.test('the example adapter registers with one line and answers through the policy chain', async t => {
  const { config } = await loadConfigFile(join(here, 'config.yaml'), {}, { adapters: [webhook] })
  const app = await buildApp({ config: { ...config, log: { level: 'silent' } }, adapters: [webhook] })
  t.teardown(() => app.close())
  const ask = async (payload: unknown) => {
    const res = await app.inject({ method: 'POST', url: '/webhook/auth', payload: payload as object })
    return [res.statusCode, res.json<{ ok: boolean }>().ok]
  }
  t.same(await ask({ ip: '198.51.100.7', url: '/live/stream/index.m3u8' }), [200, true])
  t.same(await ask({ ip: '203.0.113.9', url: '/live/stream/index.m3u8' }), [403, false])
  t.same(await ask({ ip: '198.51.100.7', url: '/live/%2e%2e/vod/x' }), [403, false], 'a path with no canonical form is refused')
  t.same(await ask({ ip: '198.51.100.7' }), [403, false], 'an invalid message is refused')
  t.match(await app.explain('webhook', { ip: '198.51.100.7', url: '/live/stream' }), { decision: { outcome: 'allow', rule: 'ip-range' } })
})

t.test('the README shows this adapter as it is', async t => {
  const readme = readFileSync(join(here, '..', '..', 'README.md'), 'utf8')
  t.ok(readme.includes('```ts\n' + readFileSync(join(here, 'webhook.ts'), 'utf8') + '```'), 'README "Writing an adapter" holds examples/custom-adapter/webhook.ts verbatim')
})
