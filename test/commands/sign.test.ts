import { spawnSync } from 'node:child_process'
import t from 'tap'
import { packageRoot } from '../../src/paths.js'
import { schemes } from '../../src/signing/schemes.js'
import { accessRequest, keysOf, ruleOptions } from '../signing/helpers.js'

const KEY = 'cli-signing-key-0123456789abcdef'

const sign = (args: string[], env: Record<string, string> = {}) => {
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'sign', ...args], { cwd: packageRoot, encoding: 'utf8', env: { ...process.env, ...env } })
  return { code: res.status, stdout: res.stdout.trim(), stderr: res.stderr }
}

/** Checks a printed URL the way the signed-token rule would, for a viewer at ip. */
function check (url: string, options: Record<string, unknown>, ip: string) {
  const resolved = ruleOptions(options)
  const parsed = new URL(url, 'http://media.example.com')
  return schemes[resolved.scheme].verifier(resolved, keysOf(resolved)).verify(accessRequest(parsed.pathname + parsed.search, ip), Math.floor(Date.now() / 1000))
}

t.test('prints a native signed URL the rule accepts, bound to a /24 and carrying the viewer id', async t => {
  const res = sign(['--key', KEY, '--kid', 'k2', '--stream', '/live/stream/playlist.m3u8', '--ttl', '60', '--ip', '203.0.113.7', '--ip-prefix', '24', '--viewer', 'acct-7', '--base-url', 'http://media.example.com:8081'])
  t.equal(res.code, 0, res.stderr)
  t.match(res.stdout, /^http:\/\/media\.example\.com:8081\/live\/stream\/playlist\.m3u8\?token=[\w-]+\.[\w-]{43}$/)
  const options = { keys: [{ id: 'k2', secret: KEY }] }
  t.match(check(res.stdout, options, '203.0.113.200'), { ok: true, subject: 'acct-7' })
  t.same(check(res.stdout, options, '203.0.114.1'), { ok: false, reason: 'token-ip-mismatch' })
})

t.test('the key may come from the environment; other schemes by --scheme', async t => {
  const res = sign(['--scheme', 'nimble', '--stream', '/live/stream/playlist.m3u8', '--ttl', '600', '--ip', '127.0.0.1'], { STREAMGATE_SIGNING_KEY: 'defaultpassword' })
  t.equal(res.code, 0, res.stderr)
  t.match(res.stdout, /^\/live\/stream\/playlist\.m3u8\?wmsAuthSign=/)
  t.match(check(res.stdout, { scheme: 'nimble', keys: [{ id: 'p', secret: 'defaultpassword' }] }, '127.0.0.1'), { ok: true })
  const secureLink = sign(['--scheme', 'nginx-secure-link', '--key', 'secret', '--stream', '/s/link', '--ttl', '60', '--ip', '127.0.0.1'])
  t.match(secureLink.stdout, /^\/s\/link\?md5=[\w-]{22}&expires=\d+$/)
})

t.test('bad input: a clear message and exit code 1, never a signed URL', async t => {
  const missing = sign(['--stream', '/live/s', '--ttl', '60'], { STREAMGATE_SIGNING_KEY: '' })
  t.equal(missing.code, 1)
  t.match(missing.stderr, /give --key \(or STREAMGATE_SIGNING_KEY\), --stream and --ttl/)
  const ttl = sign(['--key', KEY, '--stream', '/live/s', '--ttl', '1m'])
  t.equal(ttl.code, 1)
  t.match(ttl.stderr, /--ttl must be a whole number/)
  const scheme = sign(['--key', KEY, '--stream', '/live/s', '--ttl', '60', '--scheme', 'jwt'])
  t.match(scheme.stderr, /unknown scheme "jwt"/)
  const ip = sign(['--key', KEY, '--stream', '/live/s', '--ttl', '60', '--ip', 'nope'])
  t.equal(ip.code, 1)
  t.match(ip.stderr, /"nope" is not an IP address or CIDR/)
  const nimbleSession = sign(['--scheme', 'nimble', '--key', KEY, '--stream', '/live/s', '--ttl', '60', '--session', '1'])
  t.match(nimbleSession.stderr, /the nimble scheme cannot carry a session id/)
  for (const r of [missing, ttl, scheme, ip, nimbleSession]) t.equal(r.stdout, '')
})

t.test('nimble: the default scope is the stream\'s folder, and --scope keeps its first character', async t => {
  const folder = sign(['--scheme', 'nimble', '--key', KEY, '--stream', '/nim/stream', '--ttl', '60'])
  t.equal(folder.code, 0, folder.stderr)
  const options = { scheme: 'nimble', keys: [{ id: 'p', secret: KEY }] }
  t.match(check(folder.stdout, options, '203.0.113.9'), { ok: true })
  t.same(check(folder.stdout.replace('/nim/stream?', '/nim/stream2?'), options, '203.0.113.9'), { ok: false, reason: 'token-bad-signature' })
  const prefix = sign(['--scheme', 'nimble', '--key', KEY, '--stream', '/nimble/stream/playlist.m3u8', '--ttl', '60', '--scope', 'nimble/str'])
  t.equal(prefix.code, 0, prefix.stderr)
  t.match(check(prefix.stdout.replace('/nimble/stream/', '/nimble/strong/'), options, '203.0.113.9'), { ok: true })
  const outside = sign(['--scheme', 'nimble', '--key', KEY, '--stream', '/nimble/stream/playlist.m3u8', '--ttl', '60', '--scope', 'nimble/x'])
  t.match(outside.stderr, /scope nimble\/x does not cover \/nimble\/stream\/playlist\.m3u8/)
})
