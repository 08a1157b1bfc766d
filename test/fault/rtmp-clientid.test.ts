import type { FastifyInstance } from 'fastify'
import t, { type Test } from 'tap'
import { signUrl } from '../../src/signing/sign-url.js'
import { buildTestApp } from '../helpers.js'

const KEY = 'clientid-test-key-0123456789abcdef'

/** One session per viewer (the viewer in the `viewer` argument), so a wrongly freed place shows at once. */
const perViewer = {
  policies: [{ rules: [{ rule: 'concurrent-sessions', options: { limit: 1, heartbeatSeconds: 3600, viewer: { from: 'query', name: 'viewer' } } }], default: 'allow' }],
  // the test's nginx servers call from 10.0.0.1 and 10.0.0.2 as well as loopback
  adapters: { nginxRtmp: { enabled: true, hookAuth: { allowFrom: ['127.0.0.0/8', '10.0.0.0/8'] } } }
}

interface Hook {
  call: string
  clientid: string
  viewer?: string
  addr?: string
  /** the hook URL's `server` argument */
  server?: string
  /** the address the hook comes from */
  from?: string
  extra?: Record<string, string>
}

/** A hook as nginx-rtmp 1.2.2 sends it: the session's fields, and the RTMP URL's arguments on every call. */
async function hook (app: FastifyInstance, h: Hook): Promise<number> {
  const body = new URLSearchParams({
    app: 'live', flashver: 'LNX 9,0,124,2', swfurl: '', tcurl: 'rtmp://media.example.com/live', pageurl: '',
    addr: h.addr ?? '198.51.100.7', clientid: h.clientid, call: h.call, name: 'show',
    ...(h.viewer === undefined ? {} : { viewer: h.viewer }), ...h.extra
  })
  const res = await app.inject({
    method: 'POST',
    url: h.server === undefined ? '/nginx-rtmp' : `/nginx-rtmp?server=${h.server}`,
    remoteAddress: h.from ?? '127.0.0.1',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: body.toString()
  })
  return res.statusCode
}

const viewerHolds = async (t: Test, app: FastifyInstance, viewer: string, where: Partial<Hook>): Promise<void> => {
  t.equal(await hook(app, { call: 'play', clientid: '999', viewer, ...where }), 403, `${viewer} still holds its place`)
}
const viewerFree = async (t: Test, app: FastifyInstance, viewer: string, where: Partial<Hook>): Promise<void> => {
  t.equal(await hook(app, { call: 'play', clientid: '998', viewer, ...where }), 200, `${viewer}'s place is free`)
}

const serverPairs: Array<{ apart: string, edge1: Partial<Hook>, edge2: Partial<Hook>, done: string }> = [
  { apart: 'by the hook URL\'s server argument', edge1: { server: 'edge1' }, edge2: { server: 'edge2' }, done: 'play_done' },
  { apart: 'by the address their hooks come from', edge1: { from: '10.0.0.1' }, edge2: { from: '10.0.0.2' }, done: 'done' }
]
for (const { apart, edge1, edge2, done } of serverPairs) {
  t.test(`two nginx servers number their clients alike, told apart ${apart}: one's ${done} never frees the other's viewer`, async t => {
    const { app } = await buildTestApp(t, perViewer)
    t.equal(await hook(app, { call: 'play', clientid: '78', viewer: 'va', ...edge1 }), 200)
    t.equal(await hook(app, { call: 'play', clientid: '78', viewer: 'vb', ...edge2 }), 200)
    t.equal(await hook(app, { call: done, clientid: '78', viewer: 'va', ...edge1 }), 200)
    await viewerHolds(t, app, 'vb', edge2)
    await viewerFree(t, app, 'va', edge1)
  })
}

t.test('one server after a reload numbers from 1 again: viewers behind one address with one clientid stay apart', async t => {
  const { app } = await buildTestApp(t, perViewer)
  // the old worker still serves va's clientid 78 while the new one hands 78 to vb, from the same NAT address
  t.equal(await hook(app, { call: 'play', clientid: '78', viewer: 'va' }), 200)
  t.equal(await hook(app, { call: 'play', clientid: '78', viewer: 'vb' }), 200)
  t.equal(await hook(app, { call: 'update_play', clientid: '78', viewer: 'vb', extra: { time: '30', timestamp: '30000' } }), 200, 'vb\'s heartbeat renews vb\'s own session')
  t.equal(await hook(app, { call: 'play_done', clientid: '78', viewer: 'va' }), 200)
  await viewerHolds(t, app, 'vb', {})
  await viewerFree(t, app, 'va', {})
})

t.test('a viewer known only from its token is found by its session at play_done, and only that session ends', async t => {
  const { app } = await buildTestApp(t, {
    policies: [{
      rules: [
        { rule: 'signed-token', options: { keys: [{ id: 'k', secret: KEY }], onValid: 'abstain' } },
        { rule: 'concurrent-sessions', options: { limit: 1, heartbeatSeconds: 3600 } }
      ],
      default: 'allow'
    }],
    adapters: { nginxRtmp: { enabled: true } }
  })
  const tokenOf = (viewer: string): Record<string, string> => {
    const url = new URL(signUrl({ stream: '/live/show', key: KEY, kid: 'k', ttl: 600, viewer }), 'http://x')
    return Object.fromEntries(url.searchParams)
  }
  const va = tokenOf('va')
  const vb = tokenOf('vb')
  t.equal(await hook(app, { call: 'play', clientid: '78', extra: va }), 200)
  t.equal(await hook(app, { call: 'play', clientid: '78', extra: vb, server: 'edge2' }), 200)
  t.equal(await hook(app, { call: 'play', clientid: '79', extra: vb, server: 'edge2' }), 403, 'vb is at its limit')
  t.equal(await hook(app, { call: 'play_done', clientid: '78', extra: va }), 200)
  t.equal(await hook(app, { call: 'play', clientid: '79', extra: vb, server: 'edge2' }), 403, 'vb still holds its place')
  t.equal(await hook(app, { call: 'play', clientid: '80', extra: va }), 200, 'va\'s place is free')
})

t.test('a session id is readable and bounded, whatever the hook carries', async t => {
  const { app } = await buildTestApp(t, { ...perViewer, admin: { enabled: true, token: 'admin-token-0123456789abcdef' } })
  t.equal(await hook(app, { call: 'play', clientid: '78', viewer: 'va', addr: '2001:db8::7', extra: { junk: 'x'.repeat(4000) } }), 200)
  const res = await app.inject({ url: '/admin/viewers/va/sessions', headers: { authorization: 'Bearer admin-token-0123456789abcdef' } })
  const [session] = (res.json<{ sessions: Array<{ session: string }> }>()).sessions
  t.match(session?.session, /^78@2001:db8::7~[\w-]{16}$/)
})
