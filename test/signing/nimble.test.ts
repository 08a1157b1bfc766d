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
  t.throws(() => sign({ ip: '198.51.100.7', viewerId: '4' }), /starts with a character that can continue the IP address/)
  t.throws(() => sign({ ip: '2001:db8::1', viewerId: 'acct-4' }), /starts with a character that can continue the IP address/, 'after IPv6, a-f too')
  t.throws(() => sign({ ip: '2001:db8::1234', viewerId: 'acct-4' }), /starts with a character that can continue the IP address/, 'even where it does not (2001:db8::1234a)')
  t.throws(() => sign({ ip: 'fe80::1%eth0' }), /a zone/, 'after a zone any id would continue the address')
  t.throws(() => sign({ viewerId: '198.51.100.7x' }), /starts with an IP address/)
  t.throws(() => sign({ path: '/1tv/stream' }), /starts with a digit/)
  t.match(verify(sign({ ip: '198.51.100.7', viewerId: 'acct-4' }), ISSUED, '198.51.100.7', '/nim/stream'), { ok: true, subject: 'acct-4' }, 'after IPv4 only a digit continues it')
  t.match(verify(sign({ ip: '2001:db8::1', viewerId: 'user-4' }), ISSUED, '2001:db8::1', '/nim/stream'), { ok: true, subject: 'user-4' })
})

/** A token as a site signs it with Nimble's own recipe, md5(ip + id + key + server_time + validminutes + stream), not with streamgate's signer. */
function foreign ({ ip = '', id = '', validMinutes = '20', stream = '' }: { ip?: string, id?: string, validMinutes?: string, stream?: string }): string {
  const time = formatServerTime(ISSUED)
  return `server_time=${time}&hash_value=${md5b64(`${ip}${id}defaultpassword${time}${validMinutes}${stream}`)}&validminutes=${validMinutes}` +
    (stream === '' ? '' : `&strm_len=${stream.length}`) + (id === '' ? '' : `&id=${id}`) + (ip === '' ? '' : '&checkip=true')
}
const recut = (sig: string, from: string, to: string): string => wmsAuthSign(sig.replace(from, to))

t.test('an id after an address never starts with a character of one (foreign tokens: Nimble\'s numeric ids)', async t => {
  const v4 = foreign({ ip: '10.0.0.1', id: '23', stream: 'live/s/' })
  t.same(verify(wmsAuthSign(v4), ISSUED, '10.0.0.1', '/live/s/a.m3u8'), { ok: false, reason: 'token-malformed' }, '10.0.0.1 + 23 is also 10.0.0.12 + 3')
  t.same(verify(recut(v4, '&id=23', '&id=3'), ISSUED, '10.0.0.12', '/live/s/a.m3u8'), { ok: false, reason: 'token-malformed' }, 're-cut as 10.0.0.12 + 3')
  const v6 = foreign({ ip: '2001:db8::1', id: '000234', stream: 'live/s/' })
  t.same(verify(wmsAuthSign(v6), ISSUED, '2001:db8::1', '/live/s/a.m3u8'), { ok: false, reason: 'token-malformed' })
  t.same(verify(recut(v6, '&id=000234', '&id=234'), ISSUED, '2001:db8::1000', '/live/s/a.m3u8'), { ok: false, reason: 'token-malformed' }, 're-cut as 2001:db8::1000 + 234')
  const noLonger = foreign({ ip: '10.0.0.200', id: '45' })
  t.same(verify(wmsAuthSign(noLonger), ISSUED, '10.0.0.200'), { ok: false, reason: 'token-malformed' }, 'refused even where no longer address exists (10.0.0.2004), so such a signer fails at once')
  t.same(verify(recut(noLonger, '&id=45', '&id=045'), ISSUED, '10.0.0.20'), { ok: false, reason: 'token-malformed' }, '10.0.0.200 + 45 is also 10.0.0.20 + 045')
  t.same(verify(wmsAuthSign(foreign({ ip: '2001:db8::1234', id: 'acct5' })), ISSUED, '2001:db8::1234'), { ok: false, reason: 'token-malformed' }, 'after IPv6, an id starting with a-f is refused even where no longer address exists')
  t.match(verify(wmsAuthSign(foreign({ ip: '2001:db8::1', id: 'user-5' })), ISSUED, '2001:db8::1'), { ok: true, subject: 'user-5' }, 'an id that starts otherwise reads one way')
  t.same(verify(wmsAuthSign(foreign({ ip: '2001:db8::1', id: 'user-5' })), ISSUED, '2001:db8::1:0'), { ok: false, reason: 'token-bad-signature' })
})

t.test('validminutes and a stream that starts with a digit: the nimble.validMinutes pin', async t => {
  const tv = foreign({ validMinutes: '10', stream: '1tv/news' })
  const pinned = ruleOptions({ ...options, nimble: { validMinutes: [10] } })
  t.same(verify(wmsAuthSign(tv), ISSUED, '203.0.113.9', '/1tv/news/playlist.m3u8'), { ok: false, reason: 'token-malformed' }, 'unpinned, 10 + 1tv/news is also 101 + tv/news')
  t.match(verify(wmsAuthSign(tv), ISSUED, '203.0.113.9', '/1tv/news/playlist.m3u8', pinned), { ok: true, expires: ISSUED + 600 }, 'pinned to 10 it reads one way')
  const longer = recut(tv, 'validminutes=10&strm_len=8', 'validminutes=101&strm_len=7')
  t.same(verify(longer, ISSUED + 90 * 60, '203.0.113.9', '/tv/news/playlist.m3u8', pinned), { ok: false, reason: 'token-malformed' }, 're-cut as 101 minutes for tv/news')
  const shorter = recut(tv, 'validminutes=10&strm_len=8', 'validminutes=1&strm_len=9')
  t.same(verify(shorter, ISSUED, '203.0.113.9', '/01tv/news/playlist.m3u8', pinned), { ok: false, reason: 'token-malformed' }, 're-cut as 1 minute for 01tv/news')
  t.same(verify(wmsAuthSign(foreign({ validMinutes: '010', stream: 'live/' })), ISSUED, '203.0.113.9', '/live/s', pinned), { ok: false, reason: 'token-malformed' }, 'the value as written: no leading zero')
  t.same(verify(wmsAuthSign(foreign({ validMinutes: '20', stream: 'live/' })), ISSUED, '203.0.113.9', '/live/s', pinned), { ok: false, reason: 'token-malformed' }, 'another lifetime')
  const several = ruleOptions({ ...options, nimble: { validMinutes: [5, 60, 1440] } })
  t.match(verify(wmsAuthSign(foreign({ validMinutes: '60', stream: '0live/' })), ISSUED, '203.0.113.9', '/0live/s', several), { ok: true, expires: ISSUED + 3600 })
  t.throws(() => nimble.verifier(ruleOptions({ ...options, nimble: { validMinutes: [10, 100] } }), keysOf(options)), /validMinutes: 10 begins 100/)
  t.throws(() => ruleOptions({ ...options, nimble: { validMinutes: [0] } }), /minimum/)

  const sign = (ttl: number, opts = pinned) => nimble.sign({ path: '/1tv/news/playlist.m3u8', key: keysOf(opts)[0]!, issuedAt: ISSUED, expires: ISSUED + ttl }, opts).wmsAuthSign!
  t.match(verify(sign(600), ISSUED, '203.0.113.9', '/1tv/news/playlist.m3u8', pinned), { ok: true }, 'the signer signs a stream starting with a digit when pinned')
  t.throws(() => sign(1200), /validminutes 20 is not one of nimble.validMinutes \(10\)/)
  t.throws(() => sign(600, options), /starts with a digit \(1tv\/news\/\) without nimble.validMinutes/)
})
