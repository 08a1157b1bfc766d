import t from 'tap'
import { parseStreamUrl } from '../../src/core/access-request.js'

t.test('absolute URLs', async t => {
  const u = parseStreamUrl('https://cdn.example.com:8443/live/stream/chunk_1.ts?token=a&token=b&x=%20y', 'ignored.example.com')
  t.equal(u.href, 'https://cdn.example.com:8443/live/stream/chunk_1.ts?token=a&token=b&x=%20y')
  t.same([u.path, u.app, u.stream], ['/live/stream/chunk_1.ts', 'live', 'stream'])
  t.same(u.query, { token: 'a', x: ' y' }, 'the first value of a repeated parameter wins; values are decoded')
})

t.test('paths are completed from host', async t => {
  const u = parseStreamUrl('/vod/movie.mp4/manifest.mpd', 'edge.example.com')
  t.equal(u.href, 'http://edge.example.com/vod/movie.mp4/manifest.mpd')
  t.same([u.app, u.stream], ['vod', 'movie.mp4'])
  t.equal(parseStreamUrl('/a', '').href, 'http://localhost/a', 'no host')
  t.same([parseStreamUrl('/a', '').app, parseStreamUrl('/a', '').stream], ['a', ''], 'no stream segment')
})

t.test('percent-encoded paths are decoded', async t => {
  t.equal(parseStreamUrl('/live/%D1%82%D0%B2/playlist.m3u8', 'h').stream, 'тв')
  const slash = parseStreamUrl('/live/vip%2Fx/playlist.m3u8', 'h')
  t.same([slash.app, slash.stream], ['live', 'vip'], 'an encoded slash is a slash, as for the web server that serves the path')
})

t.test('what cannot be parsed throws SG_URL_INVALID', async t => {
  t.throws(() => parseStreamUrl('http://[::1/x', ''), { code: 'SG_URL_INVALID' })
  t.throws(() => parseStreamUrl('/live/%E0%A4%A', 'h'), { code: 'SG_URL_INVALID' })
  t.throws(() => parseStreamUrl('/x', 'bad host with spaces'), { code: 'SG_URL_INVALID' })
  t.throws(() => parseStreamUrl('mailto:someone@example.com', 'h'), { code: 'SG_URL_INVALID' })
})
