import t from 'tap'
import { parseStreamUrl, UrlParseError } from '../../src/core/access-request.js'
import { canonicalNamePath, canonicalPath, isPlainPath, PATH_REFUSALS, type PathRules, requestPathFor } from '../../src/core/canonical-path.js'
import { rng } from '../fuzz/harness.js'
import { PATH_VARIANTS } from '../path-variants.js'

/** The canonical path, or the reason it was refused. */
function outcome (target: string, rules: PathRules): string {
  try {
    return parseStreamUrl(target, { host: 'media.example.com', rules, bytes: 'utf8' }).path
  } catch (err) {
    if (!(err instanceof UrlParseError)) throw err
    return err.reason
  }
}

const canonical = (raw: string, rules: PathRules): string => {
  const result = canonicalPath(Buffer.from(raw), rules)
  return 'path' in result ? result.path : result.refused
}

t.test('every attacker variant: nginx rules give the path nginx serves, strict rules refuse what is ambiguous', async t => {
  for (const variant of PATH_VARIANTS) {
    t.equal(outcome(variant.target, 'nginx'), variant.nginx, `nginx: ${variant.target}`)
    t.equal(outcome(variant.target, 'strict'), variant.strict, `strict: ${variant.target}`)
  }
})

t.test('nginx rules, one step at a time', async t => {
  t.equal(canonical('/', 'nginx'), '/')
  t.equal(canonical('/a/..', 'nginx'), '/', '.. at the end leaves the parent with its slash')
  t.equal(canonical('/a/b/..', 'nginx'), '/a/')
  t.equal(canonical('/a/.', 'nginx'), '/a/')
  t.equal(canonical('/a//', 'nginx'), '/a/')
  t.equal(canonical('/a/...', 'nginx'), '/a/...', 'three dots are a name')
  t.equal(canonical('/a/..b/.c', 'nginx'), '/a/..b/.c')
  t.equal(canonical('/a/%25/b', 'nginx'), '/a/%/b', 'one decoding only')
  t.equal(canonical('/a/%23b', 'nginx'), '/a/#b')
  t.equal(canonical('/a+b/%20c', 'nginx'), '/a+b/ c', '+ is no space in a path')
  t.equal(canonical('//..', 'nginx'), 'path-above-root')
  t.equal(canonical('live', 'nginx'), 'path-not-absolute')
  t.equal(canonical('/a b', 'nginx'), 'path-control-char', 'a raw space never reaches a server')
  t.equal(canonical('/a/%7F', 'nginx'), 'path-control-char')
  t.equal(canonical('/a/%F0%9F%8E%A5', 'nginx'), '/a/🎥')
  t.equal(canonical('/a/%ED%A0%80', 'nginx'), 'path-bad-encoding', 'a lone surrogate is no UTF-8')
})

t.test('strict rules accept plain paths as they are', async t => {
  t.equal(canonical('/live/stream/', 'strict'), '/live/stream/', 'a trailing slash is no empty segment')
  t.equal(canonical('/live/%D1%82%D0%B2/a%20b.m3u8', 'strict'), '/live/тв/a b.m3u8')
  t.equal(canonical('/live/100%25', 'strict'), '/live/100%', 'a % that encodes nothing is kept')
})

t.test('whole names (nginx-rtmp) are taken literally and must already be canonical', async t => {
  t.same(canonicalNamePath('/live/vip-2'), { path: '/live/vip-2' })
  t.same(canonicalNamePath('/live/100%'), { path: '/live/100%' }, 'a literal % is kept, not decoded')
  t.match(canonicalNamePath('/live/a%2Fb'), { refused: 'path-double-encoding' }, 'a name that reads as an encoded path elsewhere (an HLS file served over HTTP)')
  t.same(canonicalNamePath('/live/sub/x'), { path: '/live/sub/x' })
  for (const [name, reason] of [['x/../vip-2', 'path-dot-segment'], ['..', 'path-dot-segment'], ['a//b', 'path-empty-segment'], ['vip-2\0', 'path-nul'], ['a\\b', 'path-encoded-separator'], ['vip-2.', 'path-trailing-dot'], ['%76ip-2', 'path-double-encoding']]) {
    t.match(canonicalNamePath(`/live/${name}`), { refused: reason }, JSON.stringify(name))
  }
  t.match(canonicalNamePath('//vip-2'), { refused: 'path-empty-segment' }, 'no app')
  t.match(canonicalNamePath('/live/\udef9x'), { refused: 'path-bad-encoding' }, 'a lone surrogate (JSON can carry one) is refused, not thrown')
})

t.test('every reason is in the bounded set', async t => {
  const reasons = new Set(PATH_VARIANTS.flatMap(v => [v.nginx, v.strict]).filter(o => !o.startsWith('/')))
  for (const reason of reasons) t.ok((PATH_REFUSALS as readonly string[]).includes(reason), reason)
})

const ALPHABET = ['a', 'b', 'v', '-', '.', '..', '/', '//', '%2F', '%2f', '%2E', '%2e%2E', '%25', '%252F', '\\', '%5C', '%00', '%', '%G1', ';', '+', 'é', '%C3%A9', '%FF', '~', '?', '#', 'vip-2', 'free']

function randomTarget (next: () => number): string {
  const parts = ['/']
  const length = 1 + Math.floor(next() * 12)
  for (let i = 0; i < length; i++) parts.push(ALPHABET[Math.floor(next() * ALPHABET.length)] as string)
  return parts.join('')
}

t.test('property: canonicalization is idempotent (asking for the canonical path gives it back)', async t => {
  const r = rng(0x5eed)
  const next = (): number => r.next()
  let checked = 0
  for (let i = 0; i < 20_000; i++) {
    const target = randomTarget(next)
    for (const rules of ['nginx', 'strict'] as const) {
      const first = outcome(target, rules)
      if (!first.startsWith('/')) continue
      checked++
      const again = outcome(requestPathFor(first), rules)
      if (again !== first) t.fail(`${rules}: ${JSON.stringify(target)} → ${JSON.stringify(first)} → ${JSON.stringify(again)}`)
    }
  }
  t.ok(checked > 5_000, `${checked} canonical paths checked`)
})

t.test('property: strict rules never accept what nginx rules read differently', async t => {
  const r = rng(0xbad)
  const next = (): number => r.next()
  for (let i = 0; i < 20_000; i++) {
    const target = randomTarget(next)
    const strict = outcome(target, 'strict')
    if (strict.startsWith('/') && outcome(target, 'nginx') !== strict) t.fail(`${JSON.stringify(target)}: strict ${strict}, nginx ${outcome(target, 'nginx')}`)
  }
  t.pass('20000 targets compared')
})

t.test('property: a path taken as plain (not decoded) is what decoding would give, under either rules', async t => {
  const r = rng(0x9a7)
  const next = (): number => r.next()
  let plain = 0
  for (let i = 0; i < 20_000; i++) {
    const path = randomTarget(next).replace(/[?#].*$/, '')
    if (!isPlainPath(path)) continue
    plain++
    for (const rules of ['nginx', 'strict'] as const) {
      if (canonical(path, rules) !== path) t.fail(`${rules}: ${JSON.stringify(path)} is taken as plain but is ${canonical(path, rules)}`)
    }
    if (requestPathFor(path) !== path.split('/').map(encodeURIComponent).join('/')) t.fail(`request path of ${path}`)
  }
  t.ok(plain > 1_000, `${plain} plain paths checked`)
  for (const path of ['/live/stream/playlist.m3u8', '/live/', '/', '/a/b.c/d', "/x/$&'()*+,;=:@~!-_"]) t.ok(isPlainPath(path), path)
  for (const path of ['/live/./a', '/live/../a', '//a', '/a//b', '/a/.hidden', '/a/b.', '/a%2Fb', '/a\\b', '/é', '/a b', 'live/a', '']) {
    t.notOk(isPlainPath(path), JSON.stringify(path))
  }
})
