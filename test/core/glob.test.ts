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
