import { createHash } from 'node:crypto'
import type { AccessRequest } from '../core/access-request.js'
import { decodeBase64, parseUnsigned, safeEqual } from './encoding.js'
import { checkWindow, fail, type Scheme, unsupported } from './scheme.js'
import { errors } from '../errors.js'

type Part = { text: string } | { variable: string }

const FIXED = new Set(['secure_link_expires', 'uri', 'remote_addr', 'host', 'http_user_agent', 'http_referer', 'secret'])

/** Splits an nginx complex value into text and `$name` / `${name}` variables; throws on a variable streamgate cannot know. */
export function parseExpression (expression: string): Part[] {
  const parts: Part[] = []
  let last = 0
  for (const m of expression.matchAll(/\$(?:\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g)) {
    const name = m[1] ?? m[2] ?? ''
    if (!FIXED.has(name) && !/^(arg|cookie)_[A-Za-z0-9_]+$/.test(name)) throw new errors.OptionInvalid(`nginx.expression: streamgate does not know $${name}`)
    if (m.index > last) parts.push({ text: expression.slice(last, m.index) })
    parts.push({ variable: name })
    last = m.index + m[0].length
  }
  if (last < expression.length) parts.push({ text: expression.slice(last) })
  if (!parts.some(p => 'variable' in p && p.variable === 'secret')) throw new errors.OptionInvalid('nginx.expression must contain $secret, or anyone could make links')
  checkOneReading(parts)
  // streamgate always reads an expires argument: outside the hash, anyone could move it to any time
  if (!parts.some(p => 'variable' in p && p.variable === 'secure_link_expires')) throw new errors.OptionInvalid('nginx.expression must contain $secure_link_expires, or a link could be made to last for ever')
  return parts
}

/** The characters a variable's values are made of, for the variables whose values are narrow; others hold any text. */
const ALPHABETS: Record<string, RegExp> = { secure_link_expires: /[0-9]/, remote_addr: /[0-9A-Fa-f.:]/ }

/**
 * The hashed string must split into the variables' values one way only, or a link for one uri and address is also
 * one for another: with `$uri$remote_addr`, /vod/file1 from 2.3.4.5 hashes as /vod/file from 12.3.4.5. So: at most
 * one variable of free text (the secret, being known, counts as text), and each narrow variable ends, on the side
 * facing it, at a character its values cannot hold ($uri begins with `/`).
 */
function checkOneReading (parts: Part[]): void {
  const variables = parts.flatMap((p, i) => 'variable' in p && p.variable !== 'secret' ? [{ name: p.variable, i }] : [])
  const free = variables.filter(v => ALPHABETS[v.name] === undefined)
  if (free.length > 1) throw new errors.OptionInvalid(`nginx.expression: $${free[0]?.name ?? ''} and $${free[1]?.name ?? ''} are both free text, so a link could be read as another; keep one of them`)
  const freeAt = free[0]?.i ?? parts.length
  const narrow = variables.flatMap(v => { const alphabet = ALPHABETS[v.name]; return alphabet === undefined ? [] : [{ ...v, alphabet }] })
  for (const { name, i, alphabet } of narrow) {
    // before the free variable a narrow one is read from the left, after it from the right
    const neighbour = parts[i < freeAt ? i + 1 : i - 1]
    if (neighbour === undefined) continue
    const ends = 'text' in neighbour
      ? !alphabet.test(neighbour.text.at(i < freeAt ? 0 : -1) ?? '')
      : neighbour.variable === 'secret' || (i < freeAt && neighbour.variable === 'uri')
    if (!ends) {
      throw new errors.OptionInvalid(`nginx.expression: $${name} runs into ${'text' in neighbour ? `"${neighbour.text}"` : `$${neighbour.variable}`}, so a link could be read ` +
        `with another $${name}; put a character it cannot hold between them, in secure_link_md5 too (as in "$secure_link_expires$uri $remote_addr $secret")`)
    }
  }
}

/** The bytes nginx hashes, with each variable looked up (an unknown argument or cookie is empty, as in nginx). */
function expand (parts: Part[], lookup: (name: string) => string | Buffer): Buffer {
  return Buffer.concat(parts.map(p => 'text' in p ? Buffer.from(p.text) : (v => typeof v === 'string' ? Buffer.from(v) : v)(lookup(p.variable))))
}

function requestVariable (request: AccessRequest, expires: string, name: string): string {
  switch (name) {
    case 'secure_link_expires': return expires
    case 'uri': return request.url.path
    case 'remote_addr': return request.ip
    case 'host': return request.host
    case 'http_user_agent': return request.userAgent
    case 'http_referer': return request.referer
  }
  if (name.startsWith('arg_')) return request.url.query[name.slice(4)] ?? ''
  return request.cookies?.[name.slice(7)] ?? ''
}

/**
 * nginx's secure_link with secure_link_md5: md5=base64url(MD5(expression)) without padding, expires=Unix seconds.
 * IP and path are inside the hash, so a wrong one shows as token-bad-signature.
 */
export const nginxSecureLink: Scheme = {
  verifier (options, keys) {
    const parts = parseExpression(options.nginx.expression)
    const { hashParam, expiresParam } = options.nginx
    const skew = options.clockSkewSeconds
    return {
      verify (request, now) {
        const given = request.url.query[hashParam]
        const expiresText = request.url.query[expiresParam]
        if ((given === undefined || given === '') && expiresText === undefined) return fail('token-missing')
        const hash = decodeBase64(given ?? '')
        const expires = parseUnsigned(expiresText)
        if (hash?.length !== 16 || expires === undefined || expires === 0) return fail('token-malformed')
        const valid = keys.some(key => {
          const input = expand(parts, name => name === 'secret' ? key.secret : requestVariable(request, expiresText ?? '', name))
          return safeEqual(createHash('md5').update(input).digest(), hash)
        })
        if (!valid) return fail('token-bad-signature')
        const window = checkWindow(now, skew, expires)
        return window
      }
    }
  },

  sign (params, options) {
    if (params.viewerId !== undefined || params.sessionId !== undefined) unsupported('nginx-secure-link', 'a viewer or session id')
    if (params.ip?.includes('/') === true) unsupported('nginx-secure-link', 'a CIDR prefix ($remote_addr is one address)')
    const parts = parseExpression(options.nginx.expression)
    const expires = String(params.expires)
    const values = new Map<string, string | Buffer>([['secure_link_expires', expires], ['uri', params.path], ['secret', params.key.secret]])
    if (params.ip !== undefined) values.set('remote_addr', params.ip)
    const hash = createHash('md5').update(expand(parts, name => values.get(name) ?? unsupported('nginx-secure-link', `$${name} (a signer knows $secure_link_expires, $uri, $secret, and $remote_addr when given an ip)`))).digest('base64url')
    return { [options.nginx.hashParam]: hash, [options.nginx.expiresParam]: expires }
  }
}
