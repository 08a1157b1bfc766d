import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import t from 'tap'
import { packageRoot } from '../../src/paths.js'

const check = (...args: string[]) => {
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'check', ...args], { cwd: packageRoot, encoding: 'utf8' })
  return { code: res.status, stdout: res.stdout, stderr: res.stderr }
}

t.test('check decides a Nimble message offline with the trace, and --expect sets the exit code', async t => {
  const dir = t.testdir({ 'c.yaml': 'policies:\n  - rules: [{ rule: ip-range, options: { allow: ["10.0.0.0/8"] } }]\n' })
  const config = join(dir, 'c.yaml')
  const allowed = check('--config', config, '--nimble', '{"url":"/live/s/playlist.m3u8","ip":"10.1.2.3"}', '--expect', 'allow')
  t.equal(allowed.code, 0, allowed.stderr)
  t.match(JSON.parse(allowed.stdout), { decision: { outcome: 'allow', rule: 'ip-range', reason: 'ip-allowed' }, trace: [{ rule: 'ip-range' }] })
  const unexpected = check('--config', config, '--nimble', '{"url":"/live/s/playlist.m3u8","ip":"8.8.8.8"}', '--expect', 'allow')
  t.equal(unexpected.code, 2)
  t.match(unexpected.stderr, /expected allow, got deny \(ip-range: ip-not-allowed\)/)
})

t.test('bad input is a clear error with exit code 1', async t => {
  const notJson = check('--nimble', '{nope')
  t.equal(notJson.code, 1)
  t.match(notJson.stderr, /the message is not JSON/)
  const nothing = check()
  t.equal(nothing.code, 1)
  t.match(nothing.stderr, /give --nimble/)
  const adapter = check('--adapter', 'pigeon', '--message', '{}')
  t.equal(adapter.code, 1)
  t.match(adapter.stderr, /unknown adapter "pigeon"/)
})
