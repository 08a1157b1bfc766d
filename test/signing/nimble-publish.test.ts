import t from 'tap'
import { verifyPublishSign } from '../../src/signing/nimble-publish.js'

// PROTOCOLS.md §1b, from Softvelum's blog: ID_1, /live/stream, defaultpassword, 127.0.0.1
const VECTOR = Buffer.from('id=ID_1&sign=oyf/XTpK3G7BD8JjpVquTw==&ip=127.0.0.1').toString('base64')

t.test('the documented publishsign verifies', async t => {
  t.same(verifyPublishSign(VECTOR, '/live/stream', 'defaultpassword', '127.0.0.1'), { id: 'ID_1' })
})

t.test('anything else does not', async t => {
  const cases: Array<[string, string, string, string, string | undefined]> = [
    ['wrong password', VECTOR, '/live/stream', 'otherpassword', '127.0.0.1'],
    ['other stream', VECTOR, '/live/stream2', 'defaultpassword', '127.0.0.1'],
    ['other publisher address', VECTOR, '/live/stream', 'defaultpassword', '127.0.0.2'],
    ['address unknown while signed', VECTOR, '/live/stream', 'defaultpassword', undefined],
    ['ip stripped from the signed string', Buffer.from('id=ID_1&sign=oyf/XTpK3G7BD8JjpVquTw==').toString('base64'), '/live/stream', 'defaultpassword', '127.0.0.1'],
    ['other id', Buffer.from('id=ID_2&sign=oyf/XTpK3G7BD8JjpVquTw==&ip=127.0.0.1').toString('base64'), '/live/stream', 'defaultpassword', '127.0.0.1'],
    ['no sign', Buffer.from('id=ID_1&ip=127.0.0.1').toString('base64'), '/live/stream', 'defaultpassword', '127.0.0.1'],
    ['no id', Buffer.from('sign=oyf/XTpK3G7BD8JjpVquTw==').toString('base64'), '/live/stream', 'defaultpassword', '127.0.0.1'],
    ['truncated sign', Buffer.from('id=ID_1&sign=oyf/XTpK&ip=127.0.0.1').toString('base64'), '/live/stream', 'defaultpassword', '127.0.0.1'],
    ['garbage', '!!!not base64###', '/live/stream', 'defaultpassword', '127.0.0.1'],
    ['empty', '', '/live/stream', 'defaultpassword', '127.0.0.1']
  ]
  for (const [what, sign, path, password, ip] of cases) t.equal(verifyPublishSign(sign, path, password, ip), undefined, what)
})

t.test('a publishsign without ip signs id + path + password only', async t => {
  const { createHash } = await import('node:crypto')
  const sign = createHash('md5').update('streamer7/live/benwdefaultpassword').digest('base64')
  const publishsign = Buffer.from(`id=streamer7&sign=${sign}`).toString('base64')
  t.same(verifyPublishSign(publishsign, '/live/benw', 'defaultpassword', '203.0.113.9'), { id: 'streamer7' })
})
