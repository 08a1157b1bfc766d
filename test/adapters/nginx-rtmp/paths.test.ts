import { randomBytes } from 'node:crypto'
import t from 'tap'
import { parseStreamUrl, UrlParseError } from '../../../src/core/access-request.js'
import { compileGlob } from '../../../src/core/glob.js'
import { signUrl } from '../../../src/signing/sign-url.js'
import { buildTestApp } from '../../helpers.js'
import { PATH_VARIANTS, variantPolicies } from '../../path-variants.js'

const KEY = randomBytes(32).toString('hex')
const queryOf = (url: string): string => url.slice(url.indexOf('?') + 1)

/** How a player splits rtmp://host/<target>: the first segment is the app, the rest up to the query the name, as sent. */
function appAndName (target: string): { app: string, name: string } {
  const path = target.replace(/^[a-z]+:\/\/[^/]*/, '').replace(/[?#].*$/, '').replace(/\/index\.m3u8$/, '')
  const slash = path.indexOf('/', 1)
  return slash === -1 ? { app: path.slice(1), name: '' } : { app: path.slice(1, slash), name: path.slice(slash + 1) }
}

/** The path a web server would make of a literal path (nginx rules), or undefined when it refuses it. */
function resolvedByNginx (path: string): string | undefined {
  try {
    return parseStreamUrl(path, { host: 'h', rules: 'nginx', bytes: 'utf8' }).path
  } catch (err) {
    if (!(err instanceof UrlParseError)) throw err
    return undefined
  }
}

/** Each play on a connection of its own, as viewers' plays are. */
let connections = 0

t.test('every path variant as an nginx-rtmp play: decided on the very name nginx-rtmp plays, refused when it reads as another path', async t => {
  const { app, logs } = await buildTestApp(t, { server: { port: 0 }, log: { level: 'info' }, adapters: { nginxRtmp: { enabled: true } }, policies: variantPolicies(KEY) })
  const rights = {
    none: '',
    vip: queryOf(signUrl({ stream: '/hls/vip-2', scope: '/hls/vip-2', key: KEY, kid: 'web1', ttl: 300 })),
    free: queryOf(signUrl({ stream: '/hls/free', scope: '/hls/free', key: KEY, kid: 'web1', ttl: 300 }))
  }
  const protectedStream = compileGlob('vip-*')
  let decided = 0
  let refused = 0
  for (const variant of PATH_VARIANTS) {
    const { app: rtmpApp, name } = appAndName(variant.target)
    for (const [right, args] of Object.entries(rights)) {
      const label = `app ${JSON.stringify(rtmpApp)} name ${JSON.stringify(name)} (token: ${right})`
      const before = logs.lines.length
      const res = await app.inject({
        method: 'POST',
        url: '/nginx-rtmp',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        // nginx-rtmp appends the client's arguments to its own fields as the client wrote them
        payload: `${new URLSearchParams({ app: rtmpApp, flashver: 'LNX 9,0,124,2', tcurl: `rtmp://127.0.0.1/${rtmpApp}`, addr: '198.51.100.7', clientid: String(++connections), call: 'play', name }).toString()}&${args}`
      })
      const [decision] = logs.lines.slice(before).filter(l => l.msg === 'decision')
      if (decision?.rule === 'adapter') {
        refused++
        t.equal(res.statusCode, 403, `${label}: refused`)
        t.match(decision.reason, /^path-/, `${label}: with the path's reason`)
        continue
      }
      decided++
      // an empty app is how nginx-rtmp's own relays play: the path is the name alone
      const path = rtmpApp === '' ? `/${name}` : `/${rtmpApp}/${name}`
      t.match(decision, { app: rtmpApp, stream: name, path }, `${label}: decided on the name as nginx-rtmp plays it`)
      const resolved = resolvedByNginx(path)
      t.ok(resolved === undefined || resolved === path, `${label}: a name no web server reads as another path`)
      const permitted = rtmpApp !== 'hls' || !protectedStream(name) || (right === 'vip' && name === 'vip-2')
      t.equal(res.statusCode, permitted ? 200 : 403, label)
    }
  }
  t.ok(decided > 20 && refused > 90, `${decided} decided, ${refused} refused`)
})
