import t from 'tap'
import { compileGlob } from '../../src/core/glob.js'

t.test('* and ? wildcards; everything else literal', async t => {
  const cases: Array<[string, string, boolean]> = [
    ['*', 'anything', true],
    ['*', '', true],
    ['live', 'live', true],
    ['live', 'live2', false],
    ['live*', 'live2', true],
    ['live?', 'live', false],
    ['live?', 'live2', true],
    ['*-hd', 'news-hd', true],
    ['*-hd', 'news-sd', false],
    ['a.b', 'axb', false],
    ['a.b', 'a.b', true],
    ['(x)+', '(x)+', true],
    ['[ab]', 'a', false]
  ]
  for (const [pattern, name, expected] of cases) t.equal(compileGlob(pattern)(name), expected, `${pattern} ~ ${name}`)
})

/** What compileGlob was before it matched in linear passes: a regular expression, the oracle for short inputs. */
const asRegExp = (pattern: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's')

t.test('matches as the regular expression it replaced, on 20,000 random patterns and names', async t => {
  const alphabet = ['a', 'b', '-', '/', '*', '?', '.', '\n', '\u{1F600}']
  let seed = 7
  const random = (n: number) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n }
  const text = (max: number) => Array.from({ length: random(max + 1) }, () => alphabet[random(alphabet.length)]).join('')
  let differences = 0
  for (let i = 0; i < 20_000; i++) {
    const [pattern, name] = [text(6), text(10)]
    if (compileGlob(pattern)(name) !== asRegExp(pattern).test(name)) {
      differences++
      t.fail(`${JSON.stringify(pattern)} ~ ${JSON.stringify(name)}`)
    }
  }
  t.equal(differences, 0)
})

t.test('a near miss of many wildcards against a long name is answered (the regular expression backtracked for minutes)', async t => {
  const name = '-'.repeat(65_536)
  t.equal(compileGlob('*-*-*-*-*-*-*-x')(name), false)
  t.equal(compileGlob('*-*-*-*-*-*-*-x')(`${name}x`), true)
  t.equal(compileGlob('sports/*-*-*-*-2025')(`sports/${name}`), false)
})
