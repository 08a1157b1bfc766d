import t from 'tap'
import { memoize } from '../../src/core/memo.js'

t.test('a key is computed once while remembered, whatever its value, null and undefined included', async t => {
  const computed: string[] = []
  const lengthOrNothing = memoize((key: string) => { computed.push(key); return key === '' ? undefined : key === 'null' ? null : key.length }, 10)
  for (let i = 0; i < 3; i++) t.same([lengthOrNothing('abc'), lengthOrNothing(''), lengthOrNothing('null')], [3, undefined, null])
  t.same(computed, ['abc', '', 'null'])
})

t.test('at most max keys are remembered: endless distinct keys cannot grow it, and answers stay right', async t => {
  const computed: string[] = []
  const upper = memoize((key: string) => { computed.push(key); return key.toUpperCase() }, 3)
  const wrong = []
  for (let i = 0; i < 1000; i++) if (upper(`k${i}`) !== `K${i}`) wrong.push(i)
  t.same(wrong, [])
  computed.length = 0
  upper('k999')
  t.same(computed, [], 'the latest key is still remembered')
  upper('k0')
  t.same(computed, ['k0'], 'an old one was dropped and is computed again')
})

t.test('a key longer than 256 characters is computed every time, never kept: a client cannot fill memory with long ones', async t => {
  const computed: string[] = []
  const same = memoize((key: string) => { computed.push(key); return key }, 10)
  const long = 'x'.repeat(257)
  t.equal(same(long), long)
  t.equal(same(long), long)
  t.equal(computed.length, 2)
  same('y'.repeat(256))
  same('y'.repeat(256))
  t.equal(computed.length, 3, 'one of 256 is remembered')
})
