import { createHash } from 'node:crypto'
import t from 'tap'
import { formatServerTime, nimble, parseServerTime } from '../../src/signing/nimble.js'
import { accessRequest, at, keysOf, ruleOptions } from './helpers.js'

const options = ruleOptions({ scheme: 'nimble', keys: [{ id: 'panel', secret: 'defaultpassword' }], clockSkewSeconds: 60 })
const verifier = nimble.verifier(options, keysOf(options))
const md5b64 = (text: string): string => createHash('md5').update(text).digest('base64')
const wmsAuthSign = (sig: string): string => Buffer.from(sig).toString('base64')
const ISSUED = at('2012-05-04T08:33:05Z')

const verify = (sign: string, now: number, ip = '127.0.0.1', path = '/live/stream/playlist.m3u8', opts = options) =>
  nimble.verifier(opts, keysOf(opts)).verify(accessRequest(`${path}?wmsAuthSign=${sign}`, ip), now)

t.test('Softvelum\'s published example verifies (hotlink protection page: 127.0.0.1, defaultpassword, 20 minutes)', async t => {
  // hash_value as printed on softvelum.com/paywall/hotlink_protection
  t.equal(md5b64('127.0.0.1defaultpassword5/4/2012 8:33:05 AM20'), 'q723zhEftaT9BhZ0PNl5MQ==', 'the description reproduces the published hash')
  const sign = wmsAuthSign('server_time=5/4/2012 8:33:05 AM&hash_value=q723zhEftaT9BhZ0PNl5MQ==&validminutes=20')
  t.match(verify(sign, ISSUED + 60), { ok: true })
  t.match(verify(sign, ISSUED + 20 * 60 + 60), { ok: true }, 'valid through validminutes + skew')
  t.same(verify(sign, ISSUED + 20 * 60 + 61), { ok: false, reason: 'token-expired' })
  t.match(verify(sign, ISSUED - 60), { ok: true }, 'a signer clock ahead by the skew is fine')
  t.same(verify(sign, ISSUED - 61), { ok: false, reason: 'token-not-yet-valid' })
  t.same(verify(sign, ISSUED, '127.0.0.2'), { ok: false, reason: 'token-bad-signature' }, 'the IP is inside the hash')
  t.match(verify(sign.replace(/=+$/, ''), ISSUED), { ok: true }, 'unpadded base64 too')
  t.match(verify(sign, ISSUED, '127.0.0.1', '/live/any/playlist.m3u8'), { ok: true }, 'without strm_len the stream is not signed')
  const strict = ruleOptions({ ...options, nimble: { requireIp: true } })
  t.match(verify(sign, ISSUED, '127.0.0.1', '/live/stream/playlist.m3u8', strict), { ok: true })
})

t.test('without IP binding, stream-prefix signatures (strm_len) and zero-padded times', async t => {
  const time = '05/04/2012 08:33:05 PM'
  const hash = md5b64(`defaultpassword${time}30live/str`)
  const sign = wmsAuthSign(`server_time=${time}&hash_value=${hash}&validminutes=30&strm_len=8`)
  const evening = ISSUED + 12 * 3600
  t.match(verify(sign, evening, '203.0.113.9', '/live/stream/playlist.m3u8'), { ok: true }, 'any viewer, streams starting live/str')
  t.match(verify(sign, evening, '203.0.113.9', '/live/strong/playlist.m3u8'), { ok: true })
  t.same(verify(sign, evening, '203.0.113.9', '/live/other/playlist.m3u8'), { ok: false, reason: 'token-bad-signature' })
  t.same(verify(sign, evening, '203.0.113.9', '/live/s'), { ok: false, reason: 'token-path-mismatch' }, 'path shorter than strm_len')
  const strict = ruleOptions({ ...options, nimble: { requireIp: true } })
  t.same(verify(sign, evening, '203.0.113.9', '/live/stream/playlist.m3u8', strict), { ok: false, reason: 'token-bad-signature' }, 'requireIp refuses IP-less signatures')
  const checkip = wmsAuthSign(`server_time=${time}&hash_value=${hash}&validminutes=30&strm_len=8&checkip=true`)
  t.same(verify(checkip, evening, '203.0.113.9'), { ok: false, reason: 'token-bad-signature' }, 'checkip=true demands the IP in the hash')
})

t.test('the pay-per-view id variant yields the viewer id', async t => {
  const time = '5/4/2012 8:33:05 AM'
  const plain = wmsAuthSign(`server_time=${time}&hash_value=${md5b64(`5defaultpassword${time}240`)}&validminutes=240&id=5`)
  t.match(verify(plain, ISSUED, '198.51.100.1'), { ok: true, subject: '5' })
  const withIp = wmsAuthSign(`server_time=${time}&hash_value=${md5b64(`198.51.100.1ID_7defaultpassword${time}240`)}&validminutes=240&id=ID_7`)
  t.match(verify(withIp, ISSUED, '198.51.100.1'), { ok: true, subject: 'ID_7' }, 'ip + id + key, as reported')
  const forged = wmsAuthSign(`server_time=${time}&hash_value=${md5b64(`5defaultpassword${time}240`)}&validminutes=240&id=6`)
  t.same(verify(forged, ISSUED), { ok: false, reason: 'token-bad-signature' }, 'the id is signed')
})

t.test('malformed signatures', async t => {
  const good = `server_time=5/4/2012 8:33:05 AM&hash_value=q723zhEftaT9BhZ0PNl5MQ==&validminutes=20`
  t.same(verifier.verify(accessRequest('/live/stream/playlist.m3u8'), ISSUED), { ok: false, reason: 'token-missing' })
  for (const sig of [
    'garbage', good.replace('validminutes=20', 'validminutes=x'), good.replace('&validminutes=20', ''),
    good.replace('5/4/2012', '13/4/2012'), good.replace('5/4/2012', '2/30/2012'), good.replace('8:33:05 AM', '13:33:05 AM'),
    good.replace('q723zhEftaT9BhZ0PNl5MQ==', 'q723'), `${good}&strm_len=-1`, `${good}&validminutes=20`
  ]) {
    t.same(verify(wmsAuthSign(sig), ISSUED), { ok: false, reason: 'token-malformed' }, sig)
  }
  t.same(verify('%%%', ISSUED), { ok: false, reason: 'token-malformed' }, 'not base64')
})

t.test('time format: n/j/Y g:i:s A in UTC, read leniently', async t => {
  t.equal(parseServerTime('5/4/2012 8:33:05 AM'), ISSUED)
  t.equal(parseServerTime('05/04/2012 08:33:05 am'), ISSUED)
  t.equal(parseServerTime('5/4/2012 12:00:00 AM'), at('2012-05-04T00:00:00Z'), '12 AM is midnight')
  t.equal(parseServerTime('5/4/2012 12:00:00 PM'), at('2012-05-04T12:00:00Z'), '12 PM is noon')
  t.equal(parseServerTime('2012-05-04 08:33:05'), undefined)
  t.equal(formatServerTime(at('2012-05-04T20:03:05Z')), '5/4/2012 8:03:05 PM')
  t.equal(formatServerTime(at('2012-12-31T00:00:00Z')), '12/31/2012 12:00:00 AM')
})

t.test('sign → verify round trip, and what the signer refuses', async t => {
  const sign = (params: Partial<Parameters<typeof nimble.sign>[0]>) =>
    nimble.sign({ path: '/live/stream/playlist.m3u8', key: keysOf(options)[0]!, issuedAt: ISSUED, expires: ISSUED + 300, ...params }, options).wmsAuthSign!
  const signed = sign({ ip: '198.51.100.7', viewerId: 'acct-9' })
  t.match(verify(signed, ISSUED + 300, '198.51.100.7'), { ok: true, subject: 'acct-9' })
  t.same(verify(signed, ISSUED, '198.51.100.8'), { ok: false, reason: 'token-bad-signature' })
  t.same(verify(signed, ISSUED, '198.51.100.7', '/live/other/playlist.m3u8'), { ok: false, reason: 'token-bad-signature' }, 'app/stream is signed')
  t.same(verify(signed, ISSUED + 360 + 61, '198.51.100.7'), { ok: false, reason: 'token-expired' }, 'expired once validminutes and the skew have passed')
  t.throws(() => sign({ sessionId: 's' }), /cannot carry a session id/)
  t.throws(() => sign({ ip: '198.51.100.0/24' }), /CIDR/)
  t.throws(() => sign({ viewerId: 'a&b' }), /viewer id/)
  t.throws(() => sign({ scope: '/live/other' }), /does not cover/)
})

t.test('a token that could be split another way is refused (ip and id, validminutes and stream run together)', async t => {
  const time = '5/4/2012 8:33:05 AM'
  const ipBound = md5b64(`198.51.100.74defaultpassword${time}20`)
  const reEncoded = wmsAuthSign(`server_time=${time}&hash_value=${ipBound}&validminutes=20&id=198.51.100.74`)
  t.same(verify(reEncoded, ISSUED, '203.0.113.9'), { ok: false, reason: 'token-malformed' }, 'the bound IP moved into id, checkip dropped: not from any address')
  const strict = ruleOptions({ ...options, nimble: { requireIp: true } })
  const withId4 = wmsAuthSign(`server_time=${time}&hash_value=${ipBound}&validminutes=20&id=4`)
  t.same(verify(withId4, ISSUED, '198.51.100.7', '/live/stream/playlist.m3u8', strict), { ok: false, reason: 'token-malformed' }, '198.51.100.7 + id 4 is not 198.51.100.74')
  t.match(verify(wmsAuthSign(`server_time=${time}&hash_value=${ipBound}&validminutes=20`), ISSUED, '198.51.100.74', '/live/stream/playlist.m3u8', strict), { ok: true }, 'the token itself still works')
  const numericPpv = wmsAuthSign(`server_time=${time}&hash_value=${md5b64(`12345defaultpassword${time}20`)}&validminutes=20&id=12345`)
  t.match(verify(numericPpv, ISSUED, '203.0.113.9'), { ok: true, subject: '12345' }, 'Softvelum\'s pay-per-view ids (digits, no IP) still read one way')
  const stream = md5b64(`defaultpassword${time}20live/`)
  t.match(verify(wmsAuthSign(`server_time=${time}&hash_value=${stream}&validminutes=20&strm_len=5`), ISSUED, '203.0.113.9', '/live/x/playlist.m3u8'), { ok: true })
  const moved = wmsAuthSign(`server_time=${time}&hash_value=${stream}&validminutes=2&strm_len=6`)
  t.same(verify(moved, ISSUED, '203.0.113.9', '/0live/x/playlist.m3u8'), { ok: false, reason: 'token-malformed' }, 'validminutes 20 + stream live/ is not 2 + 0live/')
})

t.test('the signer defaults to the stream\'s folder with its separator, and refuses ambiguous tokens', async t => {
  const sign = (params: Partial<Parameters<typeof nimble.sign>[0]>) =>
    nimble.sign({ path: '/nim/stream', key: keysOf(options)[0]!, issuedAt: ISSUED, expires: ISSUED + 300, ...params }, options).wmsAuthSign!
  const folder = sign({})
  t.match(Buffer.from(folder, 'base64').toString(), /&strm_len=11(&|$)/, 'nim/stream/')
  t.match(verify(folder, ISSUED, '203.0.113.9', '/nim/stream'), { ok: true }, 'the stream itself')
  t.match(verify(folder, ISSUED, '203.0.113.9', '/nim/stream/playlist.m3u8'), { ok: true }, 'and what is under it')
  for (const other of ['/nim/stream2', '/nim/streamVIP', '/nim/streamVIP/playlist.m3u8']) {
    t.same(verify(folder, ISSUED, '203.0.113.9', other), { ok: false, reason: 'token-bad-signature' }, other)
  }
  for (const scope of ['nim/str', '/nim/str', '/nim/str*']) {
    const prefix = sign({ scope })
    t.match(Buffer.from(prefix, 'base64').toString(), /&strm_len=7(&|$)/, `${scope} is the prefix nim/str`)
    t.match(verify(prefix, ISSUED, '203.0.113.9', '/nim/streamVIP'), { ok: true }, 'an explicit partial prefix is the signer\'s choice')
  }
  t.throws(() => sign({ scope: 'nim/other' }), /scope nim\/other does not cover \/nim\/stream/)
  t.throws(() => sign({ ip: '198.51.100.7', viewerId: '4' }), /would continue the IP address/)
  t.throws(() => sign({ viewerId: '198.51.100.7x' }), /starts with an IP address/)
  t.throws(() => sign({ path: '/1tv/stream' }), /starts with a digit/)
  t.match(verify(sign({ ip: '198.51.100.7', viewerId: 'acct-4' }), ISSUED, '198.51.100.7', '/nim/stream'), { ok: true, subject: 'acct-4' })
})
