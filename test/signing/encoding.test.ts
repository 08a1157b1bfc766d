import t from 'tap'
import { decodeBase64, decodeHex, parseUnsigned, safeEqual, splitPairs } from '../../src/signing/encoding.js'

t.test('safeEqual compares bytes, refusing different lengths', async t => {
  t.ok(safeEqual(Buffer.from('abc'), Buffer.from('abc')))
  t.notOk(safeEqual(Buffer.from('abc'), Buffer.from('abd')))
  t.notOk(safeEqual(Buffer.from('abc'), Buffer.from('abcd')))
})

t.test('decodeBase64 reads both alphabets, with or without padding, and a + turned into a space', async t => {
  const bytes = Buffer.from([0xfb, 0xff, 0xbf])
  for (const text of ['+/+/', '-_-_', '-_+/', ' /+/']) t.same(decodeBase64(text), bytes, text)
  t.same(decodeBase64('YQ'), Buffer.from('a'))
  t.same(decodeBase64('YQ=='), Buffer.from('a'))
  for (const bad of ['Y', 'a%b', 'YQ===', 'Y Q=x']) t.equal(decodeBase64(bad), undefined, bad)
})

t.test('decodeHex, parseUnsigned and splitPairs refuse what they cannot read exactly', async t => {
  t.same(decodeHex('00Ff'), Buffer.from([0, 255]))
  t.equal(decodeHex('0'), undefined)
  t.equal(decodeHex('0g'), undefined)
  t.equal(parseUnsigned('0042'), 42)
  for (const bad of [undefined, '', '-1', '1.5', '1e3', '1234567890123']) t.equal(parseUnsigned(bad), undefined, String(bad))
  t.same(splitPairs('a=1&b=x==', '&'), new Map([['a', '1'], ['b', 'x==']]))
  t.equal(splitPairs('a=1&a=2', '&'), undefined, 'a repeated name')
  t.equal(splitPairs('a=1&b', '&'), undefined, 'a part without =')
  t.equal(splitPairs('=1', '&'), undefined, 'an empty name')
})
