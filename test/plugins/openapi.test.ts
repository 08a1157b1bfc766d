import t from 'tap'
import { buildTestApp, oneChain } from '../helpers.js'

t.test('GET /openapi.json describes the routes with their schemas', async t => {
  const { app } = await buildTestApp(t, oneChain([]))
  const res = await app.inject('/openapi.json')
  t.equal(res.statusCode, 200)
  const doc = res.json<{ openapi: string, info: { title: string, version: string }, paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { required?: string[] } }> } }>> }>()
  t.match(doc.openapi, /^3\./)
  t.equal(doc.info.title, 'streamgate')
  t.match(doc.info.version, /^\d+\.\d+\.\d+/)
  const nimble = doc.paths['/nimble/auth']?.post
  t.ok(nimble, 'the Nimble route is described')
  t.same(nimble?.requestBody?.content['application/json']?.schema.required, ['url', 'ip'], 'with the request schema from schemas/')
  t.notOk(doc.paths['/openapi.json'], 'the document does not describe itself')
})

t.test('the OpenAPI document with every adapter and API enabled is stable (snapshot)', async t => {
  const { app } = await buildTestApp(t, {
    ...oneChain([]) as object,
    adapters: { nginx: { enabled: true }, nginxRtmp: { enabled: true }, nimblePublish: { enabled: true }, nimble: { paywall: { enabled: true, token: 'paywall-token-0123456789' } } },
    admin: { enabled: true, token: 'admin-secret-0123456789' },
    controlApi: { enabled: true, jwt: { algorithm: 'HS256', secret: 'a-jwt-secret-of-at-least-32-bytes!!', audience: 'streamgate' } }
  })
  const doc = (await app.inject('/openapi.json')).json<{ info: { version: string } }>()
  // the version follows package.json; everything else is the API's shape
  t.matchSnapshot({ ...doc, info: { ...doc.info, version: '<package version>' } }, 'openapi.json')
})
