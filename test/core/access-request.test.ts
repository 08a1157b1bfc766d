import t from 'tap'
import fc from 'fast-check'
import { parseStreamUrl, type StreamUrlOptions } from '../../src/core/access-request.js'
import { canonicalPath, requestPathFor } from '../../src/core/canonical-path.js'

const on = (host: string, rules: StreamUrlOptions['rules'] = 'nginx'): StreamUrlOptions => ({ host, rules, bytes: 'utf8' })

t.test('absolute URLs', async t => {
  const u = parseStreamUrl('https://cdn.example.com:8443/live/stream/chunk_1.ts?token=a&token=b&x=%20y', on('ignored.example.com'))
  t.equal(u.href, 'https://cdn.example.com:8443/live/stream/chunk_1.ts?token=a&token=b&x=%20y')
  t.same([u.path, u.app, u.stream], ['/live/stream/chunk_1.ts', 'live', 'stream'])
  t.same(u.query, { token: 'a', x: ' y' }, 'the first value of a repeated parameter wins; values are decoded')
  t.equal(parseStreamUrl('http://user:pw@h//live//s/x', on('')).href, 'http://h/live/s/x', 'user info is no part of the host; the path is canonical')
})

t.test('paths are completed from host', async t => {
  const u = parseStreamUrl('/vod/movie.mp4/manifest.mpd', on('edge.example.com'))
  t.equal(u.href, 'http://edge.example.com/vod/movie.mp4/manifest.mpd')
  t.same([u.app, u.stream], ['vod', 'movie.mp4'])
  t.equal(parseStreamUrl('/a', on('')).href, 'http://localhost/a', 'no host')
  t.same([parseStreamUrl('/a', on('')).app, parseStreamUrl('/a', on('')).stream], ['a', ''], 'no stream segment')
})

t.test('the path is canonical before anything reads it', async t => {
  t.equal(parseStreamUrl('/live/%D1%82%D0%B2/playlist.m3u8', on('h')).stream, 'тв')
  const slash = parseStreamUrl('/live/vip%2Fx/playlist.m3u8', on('h'))
  t.same([slash.app, slash.stream], ['live', 'vip'], 'an encoded slash is a slash, as for nginx')
  const dots = parseStreamUrl('/hls/stream/..%2Fvip/index.m3u8?token=t', on('h'))
  t.same([dots.path, dots.app, dots.stream, dots.query], ['/hls/vip/index.m3u8', 'hls', 'vip', { token: 't' }], 'dot segments resolved after decoding')
  t.equal(dots.href, 'http://h/hls/vip/index.m3u8?token=t', 'href names the canonical path')
  const latin1 = parseStreamUrl(Buffer.from('/live/тв/x').toString('latin1'), { host: 'h', rules: 'nginx', bytes: 'latin1' })
  t.equal(latin1.stream, 'тв', 'a header\'s latin1 characters are the request\'s UTF-8 bytes')
})

t.test('the query runs from the first raw ? to the first #', async t => {
  t.same(parseStreamUrl('/live/s?token=a#b&x=1', on('h')).query, { token: 'a' })
  t.same(parseStreamUrl('/live/s#x?token=a', on('h')).query, {}, 'a ? after # is no query')
  t.equal(parseStreamUrl('/live/a%3Fb?token=a', on('h')).stream, 'a?b', 'an encoded ? is part of the path')
})

t.test('what cannot be parsed or made canonical throws SG_URL_INVALID with its reason', async t => {
  t.throws(() => parseStreamUrl('http://[::1/x', on('')), { code: 'SG_URL_INVALID', reason: 'bad-url' })
  t.throws(() => parseStreamUrl('/x', on('bad host with spaces')), { code: 'SG_URL_INVALID', reason: 'bad-url' })
  t.throws(() => parseStreamUrl('/live/%E0%A4%A', on('h')), { code: 'SG_URL_INVALID', reason: 'path-bad-encoding' })
  t.throws(() => parseStreamUrl('mailto:someone@example.com', on('h')), { code: 'SG_URL_INVALID', reason: 'path-not-absolute' })
  t.throws(() => parseStreamUrl('/live/../../x', on('h')), { code: 'SG_URL_INVALID', reason: 'path-above-root' })
  t.throws(() => parseStreamUrl('/live/x/..%2Fvip', on('h', 'strict')), { code: 'SG_URL_INVALID', reason: 'path-encoded-separator' })
})

t.test('path, href and query are what canonicalPath, the URL parser and URLSearchParams make of the URL as sent', async t => {
  // the fast paths (origin remembered, a plain verbatim path taken as it stands, verbatim path and query, unescaped
  // query split by hand) must agree with canonicalPath, new URL and URLSearchParams on every input, the characters
  // each of them escapes, drops or decodes included
  const char = fc.constantFrom(...'aZ09-._~!$&\'()*+,;=:@/%?#[]\\ "<>`{}|^\t\né\u0000\u007f\ud800\udc00'.split(''), 'x', '%41', '%zz', '..', '.')
  const text = fc.array(char, { maxLength: 12 }).map(parts => parts.join(''))
  const host = fc.constantFrom('h', 'H.example.COM', 'h:80', 'h:8080', 'h:99999', '[::1]', '1.2.3.256', 'a b', 'user@h', '', 'xn--bcher-kva.example', 'bücher.example')
  const scheme = fc.constantFrom('http', 'https', 'rtmp', 'HTTP', 'srt')
  const rules = fc.constantFrom<StreamUrlOptions['rules']>('nginx', 'strict')
  const disagreements: string[] = []
  fc.assert(fc.property(scheme, host, text, text, rules, (scheme, host, path, query, rules) => {
    const url = `${scheme}://${host}/${path}?${query}`
    const base = `${scheme.toLowerCase()}://${host.replace(/^[^@]*@/, '')}`
    const rawQuery = /^[^?#]*\?([^#]*)/.exec(`/${path}?${query}`)?.[1] ?? ''
    const canonical = canonicalPath(Buffer.from(/^[^?#]*/.exec(`/${path}`)?.[0] ?? ''), rules)
    let got
    try {
      got = parseStreamUrl(url, on('', rules))
    } catch (err) {
      const { reason } = err as { reason?: string }
      if (reason !== ('path' in canonical ? 'bad-url' : canonical.refused)) disagreements.push(`${url}: refused for ${reason}, canonicalPath ${JSON.stringify(canonical)}`)
      if (reason === 'bad-url' && URL.canParse(base)) disagreements.push(`${url}: refused, URL reads its host`)
      return
    }
    if (!('path' in canonical) || got.path !== canonical.path) disagreements.push(`${url}: path ${got.path}, canonicalPath ${JSON.stringify(canonical)}`)
    const href = new URL(requestPathFor(got.path) + (rawQuery === '' ? '' : '?' + rawQuery), base).href
    const params: Record<string, string> = {}
    // the query in href, as the URL parser wrote it (no tabs, line breaks or trailing spaces): the one rules that read href see
    for (const [name, value] of new URLSearchParams(new URL(href).search.slice(1))) if (!Object.hasOwn(params, name)) params[name] = value
    if (got.href !== href) disagreements.push(`${url}: href ${got.href}, URL ${href}`)
    const segments = got.path.split('/')
    if (got.app !== segments[1] || got.stream !== (segments[2] ?? '')) disagreements.push(`${url}: app ${got.app}, stream ${got.stream} of ${got.path}`)
    if (JSON.stringify({ ...got.query }) !== JSON.stringify(params)) disagreements.push(`${url}: query ${JSON.stringify(got.query)}, URLSearchParams ${JSON.stringify(params)}`)
  }), { numRuns: 5000 })
  t.same(disagreements, [])
})

t.test('query parameters named like Object.prototype members are parameters like any other', async t => {
  const { query } = parseStreamUrl('/live/s?constructor=a&__proto__=b&toString=c', on('h'))
  t.same(['constructor', '__proto__', 'toString'].map(name => query[name]), ['a', 'b', 'c'])
  t.equal(parseStreamUrl('/live/s', on('h')).query['constructor'], undefined, 'absent is undefined, not a function')
  t.equal(parseStreamUrl('/live/s?%63onstructor=x', on('h')).query['constructor'], 'x', 'the same when escaped')
  t.ok(Object.hasOwn(query, '__proto__'), 'a __proto__ pair is a parameter, not a prototype')
  t.notOk('toString' in parseStreamUrl('/live/s', on('h')).query, 'no name is inherited')
  const inherited = []
  for (let proto = Object.getPrototypeOf(query) as object | null; proto !== null; proto = Object.getPrototypeOf(proto) as object | null) {
    inherited.push(...Reflect.ownKeys(proto))
    t.ok(Object.isFrozen(proto), 'no name can be given to every query')
  }
  t.same(inherited, [])
})

t.test('the query holds exactly the pairs URLSearchParams reads from href, and no name it does not', async t => {
  // held to the reference on the characters the hand-made split must treat as URLSearchParams does
  const part = fc.constantFrom('a', 'B', '=', '&', '&&', '?', '#', '%', '%41', '%3D', '%26', '%zz', '+', ';', ' ', '\t', '\n', 'é', '\'', '"', '<',
    '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'token')
  const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'token', 'a', '', '?a']
  const disagreements: string[] = []
  fc.assert(fc.property(fc.array(part, { maxLength: 16 }), parts => {
    const url = `/live/s?${parts.join('')}`
    const { href, query } = parseStreamUrl(url, on('h'))
    // a Map, so that a __proto__ pair stays a pair
    const params = new Map<string, string>()
    for (const [name, value] of new URLSearchParams(new URL(href).search.slice(1))) if (!params.has(name)) params.set(name, value)
    const got = JSON.stringify(Object.entries(query))
    const expected = JSON.stringify([...params])
    if (got !== expected) disagreements.push(`${url}: ${got}, URLSearchParams ${expected}`)
    for (const name of names) if ((name in query) !== params.has(name)) disagreements.push(`${url}: ${name} in query is ${String(name in query)}`)
  }), { numRuns: 5000 })
  t.same(disagreements, [])
})

t.test('a client naming endless hosts gets right hrefs while the origins remembered are dropped to stay bounded', async t => {
  const wrong = []
  for (let i = 0; i < 5000; i++) {
    const { href } = parseStreamUrl(`http://H${i}.example/live/s`, on(''))
    if (href !== `http://h${i}.example/live/s`) wrong.push(href)
  }
  t.same(wrong, [])
  t.equal(parseStreamUrl('/live/s', on('h0.example')).href, 'http://h0.example/live/s', 'one remembered before is worked out again')
})

t.test('a tab or line break in a query name cannot give href a pair the query does not have', async t => {
  const url = parseStreamUrl('/live/s?__to\tken__=signed&__token__=other&a\nb=1', on('h'))
  t.equal(url.href, 'http://h/live/s?__token__=signed&__token__=other&ab=1')
  t.same({ ...url.query }, { __token__: 'signed', ab: '1' }, 'the first __token__ in href is the one the rules read')
})
