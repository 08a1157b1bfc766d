import t from 'tap'
import { hashStreamKey, newStreamKey, sameHash } from '../../src/publish/stream-key.js'

t.test('keys are random, URL-safe and 256 bits', async t => {
  const keys = new Set(Array.from({ length: 1000 }, newStreamKey))
  t.equal(keys.size, 1000)
  for (const key of keys) t.equal(Buffer.from(key, 'base64url').length, 32)
  t.ok([...keys].every(k => /^[A-Za-z0-9_-]+$/.test(k)))
})

t.test('the hash is SHA-256 hex; sameHash compares whole values', async t => {
  t.equal(hashStreamKey('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  t.ok(sameHash(hashStreamKey('a'), hashStreamKey('a')))
  t.notOk(sameHash(hashStreamKey('a'), hashStreamKey('b')))
  t.notOk(sameHash('abc', 'ab'), 'different lengths are not equal (and do not throw)')
})
