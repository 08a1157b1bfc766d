import t from 'tap'
import { decodeKey, decodeKeys } from '../../src/signing/keys.js'

t.test('keys decode from text, hex and base64', async t => {
  t.same(decodeKey({ id: 'a', secret: 'pw', encoding: 'utf8' }).secret, Buffer.from('pw'))
  t.same(decodeKey({ id: 'a', secret: '00ff', encoding: 'hex' }).secret, Buffer.from([0, 255]))
  t.same(decodeKey({ id: 'a', secret: 'AP8=', encoding: 'base64' }).secret, Buffer.from([0, 255]))
  t.same(decodeKeys([{ id: 'a', secret: 'x', encoding: 'utf8' }, { id: 'b', secret: 'y', encoding: 'utf8' }]).map(k => k.id), ['a', 'b'])
})

t.test('bad keys are refused by id, never by value', async t => {
  t.throws(() => decodeKey({ id: 'h', secret: 'abc', encoding: 'hex' }), /"h" is not an even-length hex string/)
  t.throws(() => decodeKey({ id: 'h', secret: 'zz', encoding: 'hex' }), { message: /^(?!.*zz)/ })
  t.throws(() => decodeKey({ id: 'b', secret: 'not base64!', encoding: 'base64' }), /"b" is not base64/)
  t.throws(() => decodeKeys([{ id: 'a', secret: 'x', encoding: 'utf8' }, { id: 'a', secret: 'y', encoding: 'utf8' }]), /id "a" is given twice/)
})
