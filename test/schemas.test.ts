import { spawnSync } from 'node:child_process'
import t from 'tap'
import { packageRoot } from '../src/paths.js'
import { compileOnce, configAjv, textAjv, wireAjv } from '../src/schemas.js'

// U+1F600, one code point written as two UTF-16 code units
const FACE = '\u{1F600}'

t.test('a wire message\'s string is as long as its UTF-16 code units: a bound holds half as many characters outside the BMP', async t => {
  const validate = compileOnce(wireAjv, { type: 'string', minLength: 3, maxLength: 4 })
  t.equal(validate(FACE.repeat(2)), true, 'four code units')
  t.equal(validate(FACE.repeat(3)), false, 'six code units, three code points')
  t.equal(validate(FACE + 'a'), true, 'three code units, two code points')
  t.equal(validate('abcde'), false)
})

t.test('text (headers, query strings) is measured the same way', async t => {
  const validate = compileOnce(textAjv, { type: 'object', properties: { name: { type: 'string', maxLength: 2 } } })
  t.equal(validate({ name: FACE }), true)
  t.equal(validate({ name: FACE + 'a' }), false)
})

t.test('the config counts characters (code points), as JSON Schema does', async t => {
  const validate = compileOnce(configAjv, { type: 'string', maxLength: 2 })
  t.equal(validate(FACE.repeat(2)), true)
  t.equal(validate(FACE.repeat(3)), false)
})

t.test('the validators are built without a word on the console', async t => {
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', "import './src/schemas.ts'"], { cwd: packageRoot, encoding: 'utf8' })
  t.equal(child.status, 0)
  t.equal(child.stderr, '')
  t.equal(child.stdout, '')
})
