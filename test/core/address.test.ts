import t from 'tap'
import type { BlockList } from 'node:net'
import { canonicalAddress, compileRanges, ipPrefix, matches } from '../../src/core/address.js'

t.test('one host has one spelling', async t => {
  const same: Array<[string, string]> = [
    ['1.2.3.4', '1.2.3.4'],
    ['::ffff:1.2.3.4', '1.2.3.4'],
    ['::FFFF:1.2.3.4', '1.2.3.4'],
    ['::ffff:0102:0304', '1.2.3.4'],
    ['0:0:0:0:0:ffff:102:304', '1.2.3.4'],
    ['2001:DB8:0:0::1', '2001:db8::1'],
    ['2001:db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['fe80::1%eth0', 'fe80::1']
  ]
  for (const [given, canonical] of same) t.equal(canonicalAddress(given), canonical, given)
})

t.test('a zone id cannot make an address of any length', async t => {
  t.equal(canonicalAddress('fe80::1%' + 'x'.repeat(4000)), 'fe80::1')
})

t.test('anything that is no IP address has none', async t => {
  for (const text of ['', ' 1.2.3.4', '1.2.3.4 ', '01.2.3.4', '1.2.3', '256.1.1.1', 'localhost', '1.2.3.4/32', '[::1]', '::ffff:1.2.3.4.5', 'a'.repeat(4096)]) {
    t.equal(canonicalAddress(text), undefined, JSON.stringify(text.slice(0, 20)))
  }
})

t.test('what the canonical form yields is its own canonical form', async t => {
  for (const text of ['::ffff:10.0.0.1', '2001:DB8::A', '::1', '127.0.0.1', 'fe80::1%lo']) {
    const once = canonicalAddress(text)!
    t.equal(canonicalAddress(once), once, text)
  }
})

t.test('ranges: an IPv6 range written with a dotted quad is that IPv6 range, not the IPv4 address in it', async t => {
  const list = (entry: string) => compileRanges([entry], 'deny') as BlockList
  const mapped = list('::ffff:192.168.0.0/112')
  for (const ip of ['192.168.1.5', '::ffff:192.168.1.5', '::ffff:c0a8:105']) t.ok(matches(mapped, ip), `${ip} is in ::ffff:192.168.0.0/112`)
  t.notOk(matches(mapped, '192.169.0.1'))
  const nat64 = list('64:ff9b::10.0.0.0/120')
  t.ok(matches(nat64, '64:ff9b::a00:5'))
  t.notOk(matches(nat64, '10.0.0.0'), 'the IPv4 address written in it is another host')
  t.ok(matches(list('10.0.0.5/8'), '10.200.0.1'), 'host bits under the prefix are ignored')
  t.ok(matches(list('2001:db8::1'), '2001:db8::1'), 'an address alone is a range of one')
  t.notOk(matches(list('2001:db8::1'), '2001:db8::2'))
  for (const bad of ['10.0.0.0/33', '::/129', '10.0.0.0/8/8', '10.0.0.0/', '10.0.0.0/08a', '010.0.0.1', 'fe80::1%eth0/64', 'example.com', '', '10.0.0.0/-1']) {
    t.throws(() => compileRanges([bad], 'deny'), { code: 'SG_OPTION_INVALID' }, JSON.stringify(bad))
  }
})

t.test('a prefix of an IPv6 address written with a dotted quad is refused, not taken for IPv4', async t => {
  t.equal(ipPrefix('2001:db8::1:2', 64), '2001:0db8:0000:0000:0000:0000:0000:0000/64')
  t.equal(ipPrefix('203.0.113.7', 24), '203.0.113.0/24')
  t.throws(() => ipPrefix('64:ff9b::10.0.0.5', 120), { code: 'SG_OPTION_INVALID' })
})
