import t from 'tap'
import { buildTestApp, oneChain, withKeys } from '../../helpers.js'

t.test('a published name that reads as another path fails with its reason, and no key is tried', async t => {
  const { app, logs } = await buildTestApp(t, { ...(withKeys(oneChain([]), { bruteForce: { maxFailures: 1, windowSeconds: 600 } }) as object), adapters: { nimblePublish: { enabled: true } } })
  const key = await app.streamKeys.create('benw')
  const streams: Array<[string, string]> = [
    ['publish/benw', 'success'],
    ['publish/x/../benw', 'path-dot-segment'],
    ['publish/./benw', 'path-dot-segment'],
    ['publish//benw', 'path-empty-segment'],
    ['publish/benw\u0000', 'path-nul'],
    ['publish/benw\n', 'path-control-char'],
    ['publish\\benw', 'path-encoded-separator'],
    ['publish/%62enw', 'path-double-encoding']
  ]
  const res = await app.inject({
    method: 'POST',
    url: '/nimble/publish',
    payload: { PublishAuthRequest: streams.map(([stream], i) => ({ seq: String(i), id: key, ip: '192.0.2.1', stream })) }
  })
  t.same(res.json<{ PublishAuthResponse: unknown[] }>().PublishAuthResponse, streams.map(([, outcome], i) => ({ seq: String(i), status: outcome === 'success' ? 'success' : 'fail' })))
  const refusals = logs.lines.filter(l => l.msg === 'decision' && l.rule === 'adapter').map(l => l.reason)
  t.same(refusals.sort(), streams.slice(1).map(([, reason]) => reason).sort(), 'each refusal logged with its reason')
  const again = await app.inject({ method: 'POST', url: '/nimble/publish', payload: { PublishAuthRequest: [{ seq: '1', id: key, ip: '192.0.2.1', stream: 'publish/benw' }] } })
  t.same(again.json(), { PublishAuthResponse: [{ seq: '1', status: 'success' }] }, 'refused names are not counted as key guesses (one would block)')
})
