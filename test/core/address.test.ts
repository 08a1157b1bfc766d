import t from 'tap'
import { canonicalAddress } from '../../src/core/address.js'

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
