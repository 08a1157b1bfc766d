import t from 'tap'
import { viewerTag } from '../../src/paywall/viewer-tag.js'

/** What Redis Cluster hashes of a key: the text between the first '{' and the next '}', unless that is empty. */
function hashedPart (key: string): string {
  const open = key.indexOf('{')
  const close = open < 0 ? -1 : key.indexOf('}', open + 1)
  return close > open + 1 ? key.slice(open + 1, close) : key
}

const ids = ['alice', '', '}', '}x', '}}', '{', '{}', '{}x', '{{}x', '{x', 'a}b', 'a{b}', '}{', 'x}', '\\}x', ' }x', 'a}:1', 'a', '{a%7D', '{a}', 'a%7D', '%']

t.test('every viewer\'s keys share one hash tag, never empty, whatever the id opens with', async t => {
  for (const id of ids) {
    const keys = [`ses:${viewerTag(id)}`, `ses:${viewerTag(id)}:live/s`, `kick:${viewerTag(id)}:s1`, `bal:${viewerTag(id)}`, `chg:${viewerTag(id)}:s1`]
    const hashed = keys.map(hashedPart)
    t.ok(hashed.every(part => part === hashed[0] && part !== keys[0]), `${JSON.stringify(id)}: one tag (${JSON.stringify(hashed[0])})`)
  }
})

t.test('no two viewers share a key, whatever follows the tag', async t => {
  t.equal(new Set(ids.map(viewerTag)).size, ids.length)
  t.equal(viewerTag('alice'), '{alice}', 'an ordinary id is its own tag, as before')
  const tails = ['', ':1}:2', ':2', ':1', ':live/s', ':live/s}', '}:2']
  const keys = new Map<string, string>()
  const shared: string[] = []
  for (const id of ids) {
    for (const tail of tails) {
      const key = `kick:${viewerTag(id)}${tail}`
      const owner = keys.get(key)
      if (owner !== undefined && owner !== `${id}|${tail}`) shared.push(`${key}: ${owner} and ${id}|${tail}`)
      keys.set(key, `${id}|${tail}`)
    }
  }
  t.same(shared, [], 'viewer a}:1 with session 2 and viewer a with session 1}:2 have different kick and charge keys')
})
