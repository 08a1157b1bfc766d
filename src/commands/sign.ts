import { parseArgs } from 'node:util'
import { signUrl } from '../signing/sign-url.js'
import { type SchemeName, schemes } from '../signing/schemes.js'

export const summary = 'print a signed playback URL (the signed-token rule\'s schemes)'
export const usage = 'streamgate sign --key <secret> [--kid k] --stream /live/stream/playlist.m3u8 --ttl 60 [--ip a.b.c.d [--ip-prefix 24]] ' +
  '[--viewer id] [--session id] [--scope /live/stream/* (nimble: a prefix such as live/str; default the stream folder)] [--base-url http://host] [--scheme native|nimble|nginx-secure-link|akamai|wowza] ' +
  '[--key-encoding utf8|hex|base64]  (the key may come from STREAMGATE_SIGNING_KEY instead of --key)'

const isScheme = (name: string): name is SchemeName => Object.hasOwn(schemes, name)
const isEncoding = (name: string): name is 'utf8' | 'hex' | 'base64' => ['utf8', 'hex', 'base64'].includes(name)

function wholeNumber (text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined
  if (!/^\d+$/.test(text)) throw new Error(`--${name} must be a whole number, got "${text}"`)
  return Number(text)
}

export async function run (argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      key: { type: 'string' },
      kid: { type: 'string' },
      'key-encoding': { type: 'string' },
      stream: { type: 'string' },
      ttl: { type: 'string' },
      ip: { type: 'string' },
      'ip-prefix': { type: 'string' },
      viewer: { type: 'string' },
      session: { type: 'string' },
      scope: { type: 'string' },
      'base-url': { type: 'string' },
      scheme: { type: 'string' }
    }
  })
  const key = values.key ?? process.env.STREAMGATE_SIGNING_KEY
  const ttl = wholeNumber(values.ttl, 'ttl')
  if (key === undefined || key === '' || values.stream === undefined || ttl === undefined) {
    console.error(`streamgate sign: give --key (or STREAMGATE_SIGNING_KEY), --stream and --ttl\n${usage}`)
    return 1
  }
  const scheme = values.scheme ?? 'native'
  const encoding = values['key-encoding'] ?? 'utf8'
  if (!isScheme(scheme)) throw new Error(`unknown scheme "${scheme}" (${Object.keys(schemes).join(', ')})`)
  if (!isEncoding(encoding)) throw new Error(`unknown key encoding "${encoding}" (utf8, hex, base64)`)
  const ipPrefix = wholeNumber(values['ip-prefix'], 'ip-prefix')
  console.log(signUrl({
    stream: values.stream,
    key,
    ttl,
    scheme,
    keyEncoding: encoding,
    kid: values.kid,
    ip: values.ip,
    ipPrefix,
    viewer: values.viewer,
    session: values.session,
    scope: values.scope,
    baseUrl: values['base-url']
  }))
  return 0
}
