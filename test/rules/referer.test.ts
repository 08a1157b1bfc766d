import t from 'tap'
import { buildTestApp, nimble, nimbleBody, oneChain } from '../helpers.js'

const status = async (app: Awaited<ReturnType<typeof buildTestApp>>['app'], referer: string | undefined) => {
  const body = nimbleBody({ referer })
  if (referer === undefined) delete body.referer
  return (await nimble(app, body)).status
}

t.test('allow list: exact hosts and *.wildcards, case-insensitive, ports ignored', async t => {
  const { app } = await buildTestApp(t, oneChain([{ rule: 'referer', options: { allow: ['www.example.com', '*.partner.tv'] } }]))
  t.equal(await status(app, 'https://www.example.com/watch?v=1'), 200, 'exact')
  t.equal(await status(app, 'https://WWW.Example.COM:8443/watch'), 200, 'case and port')
  t.equal(await status(app, 'https://www.example.com./watch'), 200, 'trailing dot')
  t.equal(await status(app, 'https://a.partner.tv/'), 200, 'wildcard subdomain')
  t.equal(await status(app, 'https://a.b.partner.tv/'), 200, 'wildcard, deeper subdomain')
  t.equal(await status(app, 'https://partner.tv/'), 403, 'the wildcard does not match the apex')
  t.equal(await status(app, 'https://evilpartner.tv/'), 403, 'a suffix that is not a subdomain')
  t.equal(await status(app, 'https://example.com/'), 403, 'the apex of an exact host')
  t.equal(await status(app, 'https://www.example.com.evil.net/'), 403)
})

t.test('missing referers have their own outcome (abstain by default), malformed ones deny', async t => {
  const { app, logs } = await buildTestApp(t, oneChain([{ rule: 'referer', options: { allow: ['www.example.com'] } }], { default: 'allow' }))
  t.equal(await status(app, ''), 200, 'empty: abstains, the policy default allows')
  t.equal(await status(app, undefined), 200, 'missing')
  t.equal(await status(app, '   '), 200, 'blank')
  t.equal(await status(app, 'not a url'), 403, 'garbage')
  t.equal(await status(app, 'about:blank'), 403, 'no host')
  t.same(logs.lines.filter(l => l.msg === 'decision').map(l => l.reason),
    ['all-abstained', 'all-abstained', 'all-abstained', 'referer-malformed', 'referer-malformed'])

  const strict = await buildTestApp(t, oneChain([{ rule: 'referer', options: { allow: ['www.example.com'], onMissing: 'deny', onMalformed: { redirect: '/live/stub/playlist.m3u8' } } }], { default: 'allow' }))
  t.equal(await status(strict.app, ''), 403)
  t.equal(strict.logs.lines.find(l => l.msg === 'decision')?.reason, 'referer-missing')
  t.equal(await status(strict.app, '%%%'), 302)
})

t.test('deny list wins; unlisted hosts abstain', async t => {
  const { app } = await buildTestApp(t, oneChain([{ rule: 'referer', options: { deny: ['*.leech.example', 'bad.example'] } }], { default: 'allow' }))
  t.equal(await status(app, 'http://cdn.leech.example/embed'), 403)
  t.equal(await status(app, 'http://bad.example/'), 403)
  t.equal(await status(app, 'http://good.example/'), 200)
  t.equal(await status(app, 'https://пример.рф/watch'), 200, 'an IDN referer is read')
})

t.test('host patterns are validated at boot', async t => {
  await t.rejects(buildTestApp(t, oneChain([{ rule: 'referer', options: { allow: ['https://www.example.com/'] } }])), /options\/allow\/0: must match pattern/)
  await t.rejects(buildTestApp(t, oneChain([{ rule: 'referer', options: { allow: ['www.*.com'] } }])), /options\/allow\/0: must match pattern/)
})
