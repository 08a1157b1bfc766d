import { createHash } from 'node:crypto'
import t from 'tap'
import { nginxSecureLink, parseExpression } from '../../src/signing/nginx-secure-link.js'
import { accessRequest, keysOf, ruleOptions } from './helpers.js'

const options = ruleOptions({ scheme: 'nginx-secure-link', keys: [{ id: 'n', secret: 'secret' }], clockSkewSeconds: 0 })
const T = 2147483647
/** nginx's link: md5 = base64url(MD5(expression)) without padding; streamgate's default expression is "$secure_link_expires$uri $remote_addr $secret". */
const nginxMd5 = (text: string): string => createHash('md5').update(text).digest('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')

const verify = (query: string, now = T - 10, ip = '127.0.0.1', path = '/s/link', opts = options) =>
  nginxSecureLink.verifier(opts, keysOf(opts)).verify(accessRequest(`${path}?${query}`, ip), now)

t.test('the nginx documentation\'s example is computed as printed, and its expression refused: it reads more than one way', async t => {
  // ngx_http_secure_link_module docs: echo -n '2147483647/s/link127.0.0.1 secret' | openssl md5 -binary | openssl base64 | tr +/ -_ | tr -d =
  t.equal(nginxMd5('2147483647/s/link127.0.0.1 secret'), '_e4Nc3iduzkWRm01TBBNYw', 'the value printed in the documentation')
  const expand = (uri: string, ip: string): string => `2147483647${uri}${ip} secret`
  t.equal(expand('/s/link1', '27.0.0.1'), expand('/s/link', '127.0.0.1'), 'a link for /s/link from 127.0.0.1 is one for /s/link1 from 27.0.0.1')
  const documented = ruleOptions({ ...options, nginx: { expression: '$secure_link_expires$uri$remote_addr $secret' } })
  t.throws(() => nginxSecureLink.verifier(documented, keysOf(documented)), /\$remote_addr runs into \$uri.*secure_link_md5 too/)
})

t.test('the default expression, the documentation\'s with a space between $uri and $remote_addr', async t => {
  const md5 = nginxMd5('2147483647/s/link 127.0.0.1 secret')
  t.match(verify(`md5=${md5}&expires=2147483647`), { ok: true })
  t.same(verify(`md5=${md5}&expires=2147483647`, T, '127.0.0.2'), { ok: false, reason: 'token-bad-signature' })
  t.same(verify(`md5=${md5}&expires=2147483647`, T, '127.0.0.1', '/s/link2'), { ok: false, reason: 'token-bad-signature' })
  t.same(verify(`md5=${md5}&expires=2147483646`), { ok: false, reason: 'token-bad-signature' })
})

t.test('expiry: valid through the expires second plus skew', async t => {
  const link = (expires: number) => `md5=${nginxMd5(`${expires}/s/link 127.0.0.1 secret`)}&expires=${expires}`
  t.match(verify(link(1000), 1000), { ok: true })
  t.same(verify(link(1000), 1001), { ok: false, reason: 'token-expired' }, 'nginx too refuses once expires < now')
  const skewed = ruleOptions({ ...options, clockSkewSeconds: 5 })
  t.match(verify(link(1000), 1005, '127.0.0.1', '/s/link', skewed), { ok: true })
  t.same(verify(link(1000), 1006, '127.0.0.1', '/s/link', skewed), { ok: false, reason: 'token-expired' })
})

t.test('a configured expression, parameter names and other variables', async t => {
  const custom = ruleOptions({
    ...options,
    nginx: { expression: '${secret}:$arg_user:${secure_link_expires}', hashParam: 'st', expiresParam: 'e' }
  })
  const md5 = nginxMd5('secret:bob:5000')
  t.match(verify(`st=${md5}&e=5000&user=bob`, 10, '1.2.3.4', '/s/link', custom), { ok: true })
  t.same(verify(`st=${md5}&e=5000&user=eve`, 10, '1.2.3.4', '/s/link', custom), { ok: false, reason: 'token-bad-signature' })
  t.throws(() => parseExpression('$uri $remote_addr'), /must contain \$secret/)
  t.throws(() => parseExpression('$secret:$uri:$arg_user'), /\$uri and \$arg_user are both free text/)
  for (const expression of ['$secure_link_expires$remote_addr$secret', '$secret$uri$secure_link_expires', '$remote_addr.$uri $secret', '$uri 1$remote_addr $secret']) {
    t.throws(() => parseExpression(expression), /runs into/, expression)
  }
  for (const expression of ['$secure_link_expires:$remote_addr $secret', '$secure_link_expires$uri $remote_addr $secret', '$secure_link_expires:$remote_addr/$uri$secret', '$secret$http_user_agent|$remote_addr:$secure_link_expires']) {
    t.doesNotThrow(() => parseExpression(expression), expression)
  }
  t.throws(() => parseExpression('$uri $request_body $secret'), /does not know \$request_body/)
})

t.test('an expression without $secure_link_expires is refused: its links could be made to last for ever', async t => {
  const eternal = ruleOptions({ ...options, nginx: { expression: '$uri $remote_addr $secret' } })
  t.throws(() => nginxSecureLink.verifier(eternal, keysOf(eternal)), /must contain \$secure_link_expires/)
  for (const expression of ['$remote_addr/$uri$secret', '$secret$http_user_agent|$remote_addr', '$secret:$arg_expires']) {
    t.throws(() => parseExpression(expression), /must contain \$secure_link_expires/, expression)
  }
})

t.test('missing and malformed links', async t => {
  t.same(verify('x=1'), { ok: false, reason: 'token-missing' })
  t.same(verify('expires=5'), { ok: false, reason: 'token-malformed' })
  t.same(verify('md5=_e4Nc3iduzkWRm01TBBNYw'), { ok: false, reason: 'token-malformed' }, 'no expires: nginx refuses too')
  t.same(verify('md5=_e4Nc3iduzkWRm01TBBNYw&expires=soon'), { ok: false, reason: 'token-malformed' })
  t.same(verify('md5=_e4Nc3iduzkWRm01TBBN&expires=5'), { ok: false, reason: 'token-malformed' }, 'not 16 bytes')
  t.same(verify('md5=_e4Nc3iduzkWRm01TBBNYw&expires=0'), { ok: false, reason: 'token-malformed' })
})

t.test('sign → verify round trip; the signer refuses what nginx cannot check', async t => {
  const key = keysOf(options)[0]!
  const params = nginxSecureLink.sign({ path: '/s/link', key, issuedAt: 0, expires: 2147483647, ip: '127.0.0.1' }, options)
  t.same(params, { md5: nginxMd5('2147483647/s/link 127.0.0.1 secret'), expires: '2147483647' })
  t.throws(() => nginxSecureLink.sign({ path: '/s/link', key, issuedAt: 0, expires: 1 }, options), /\$remote_addr/)
  t.throws(() => nginxSecureLink.sign({ path: '/s/link', key, issuedAt: 0, expires: 1, ip: '10.0.0.0/8' }, options), /CIDR/)
  t.throws(() => nginxSecureLink.sign({ path: '/s/link', key, issuedAt: 0, expires: 1, ip: '1.2.3.4', viewerId: 'v' }, options), /viewer/)
})
