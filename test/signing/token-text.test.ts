import { createHmac } from 'node:crypto'
import fc from 'fast-check'
import t from 'tap'
import { parseStreamUrl } from '../../src/core/access-request.js'
import { rawQueryValue, unescapeForm } from '../../src/signing/token-text.js'
import { buildTestApp } from '../helpers.js'

t.test('a value as sent is the value of the pair the rules read: the first whose name decodes to the name', async t => {
  t.equal(rawQueryValue('http://h/p?%5F_token__=z1&__token__=T', '__token__'), 'z1', 'not the later pair whose name is written plainly')
  t.equal(rawQueryValue('http://h/p?x=1&__token__=a%2fb+c', '__token__'), 'a%2fb+c', 'escapes and + as sent')
  t.equal(rawQueryValue('http://h/p??__token__=a', '__token__'), 'a', 'one leading ? is no part of the first name, as URLSearchParams reads it')
  t.equal(rawQueryValue('http://h/p?__token__', '__token__'), '')
  t.equal(rawQueryValue('http://h/p?x=1#__token__=a', '__token__'), undefined, 'not in the fragment')
  t.equal(rawQueryValue('http://h/p', '__token__'), undefined)
})

t.test('for every name the rules read, the value as sent decodes to the value they read', async t => {
  const char = fc.constantFrom(...'ab_=&+%?#\t 2F5f'.split(''), '%5F', '%3D', '%26', '%2B', 'é')
  const text = fc.array(char, { maxLength: 16 }).map(parts => parts.join(''))
  const disagreements: string[] = []
  fc.assert(fc.property(text, query => {
    const url = parseStreamUrl(`/live/s?${query}`, { host: 'h', rules: 'strict', bytes: 'utf8' })
    for (const [name, value] of Object.entries(url.query)) {
      const sent = rawQueryValue(url.href, name)
      if (sent === undefined || (unescapeForm(sent) ?? new URLSearchParams(`x=${sent}`).get('x')) !== value) disagreements.push(`${JSON.stringify(query)}: ${name} read ${JSON.stringify(value)}, sent ${JSON.stringify(sent)}`)
    }
  }), { numRuns: 5000 })
  t.same(disagreements.slice(0, 5), [])
})

t.test('a token is never verified in one pair while a rule after it reads another: one token, one session', async t => {
  const key = 'ab'.repeat(16)
  const tokenFor = (exp: number) => `exp=${exp}~acl=/live/*~hmac=${createHmac('sha256', Buffer.from(key, 'hex')).update(`exp=${exp}~acl=/live/*`).digest('hex')}`
  const [token, another] = [tokenFor(4102444800), tokenFor(4102444801)]
  const { app } = await buildTestApp(t, {
    policies: [{
      name: 'viewers',
      rules: [
        { rule: 'signed-token', options: { scheme: 'akamai', keys: [{ id: 'edge', secret: key, encoding: 'hex' }], akamai: { algorithm: 'sha256' }, onValid: 'abstain' } },
        // the token as the viewer id: a session per token
        { rule: 'concurrent-sessions', options: { limit: 1, viewer: { from: 'query', name: '__token__' }, onAdmitted: 'allow' } }
      ],
      default: 'deny'
    }],
    adapters: { srs: { enabled: true }, nginxRtmp: { enabled: true }, nginx: { enabled: true } }
  })
  const srs = async (session: string, param: string) => (await app.inject({
    method: 'POST', url: '/srs/hooks', payload: { action: 'on_play', client_id: session, ip: '198.51.100.7', vhost: '__defaultVhost__', app: 'live', stream: 's', tcUrl: 'rtmp://h/live', param }
  })).statusCode
  const own = (session: string) => new URLSearchParams({ app: 'live', flashver: 'x', swfurl: '', tcurl: 'rtmp://h/live', pageurl: '', addr: '198.51.100.7', clientid: session, call: 'play', name: 's' }).toString()
  // nginx-rtmp appends the client's arguments to its own fields as written
  const rtmp = async (session: string, query: string) => (await app.inject({
    method: 'POST', url: '/nginx-rtmp', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `${own(session)}&${query}`
  })).statusCode
  const nginx = async (session: string, uri: string) => (await app.inject({
    method: 'GET', url: '/nginx/auth', headers: { 'x-original-uri': uri, 'x-real-ip': '198.51.100.8', 'x-forwarded-for': '198.51.100.8', cookie: `sessionid=${session}` }
  })).statusCode

  t.equal(await srs('1', `?__token__=${token}`), 200, 'the token\'s one session')
  t.equal(await srs('2', `?__token__=${token}`), 403, 'a second is over the limit')
  for (const [i, separator] of ['\t', '\n', '\r'].entries()) {
    t.not(await srs(`s${i}`, `?__to${separator}ken__=${token}&__token__=x${i}`), 200, `SRS: ${JSON.stringify(separator)} in a name is not another __token__`)
    t.not(await rtmp(`r${i}`, `__to${separator}ken__=${token}&__token__=y${i}`), 200, `nginx-rtmp: ${JSON.stringify(separator)} in a name`)
  }
  t.not(await rtmp('r-args', `args=__to%09ken__%3D${encodeURIComponent(token)}%26__token__%3Dw1`), 200, 'nginx-rtmp: an argument named args is no query of its own')
  t.equal(await nginx('n1', `/live/s/a.ts?__token__=${another}`), 204, 'nginx: another token\'s session')
  t.equal(await nginx('n2', `/live/s/a.ts?%5F_token__=z1&__token__=${another}`), 403, 'nginx: the token is read in the pair the session rule reads (%5F_token__, no token), never in a later one')
})
