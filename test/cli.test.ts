import { spawnSync } from 'node:child_process'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { packageRoot } from '../src/paths.js'

const cli = (...args: string[]) => {
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: packageRoot, encoding: 'utf8' })
  return { code: res.status, stdout: res.stdout, stderr: res.stderr }
}

t.test('streamgate --help lists every command with its usage', async t => {
  const help = cli('--help')
  t.equal(help.code, 0)
  t.matchSnapshot(help.stdout, 'streamgate --help')
  const bare = cli()
  t.equal(bare.code, 1, 'no command is a usage error')
  t.equal(bare.stdout, help.stdout)
})

t.test('every command answers --help with its usage and exit 0, doing nothing else', async t => {
  for (const command of ['start', 'check', 'sign', 'keys']) {
    const res = cli(command, '--help')
    t.equal(res.code, 0, `${command} --help`)
    t.equal(res.stderr, '', `${command} --help writes no error`)
    t.matchSnapshot(res.stdout, `streamgate ${command} --help`)
  }
  const short = cli('keys', 'create', 'benw', '-h')
  t.same([short.code, short.stdout], [0, cli('keys', '--help').stdout], '-h too, and the command does not run')
})

t.test('unknown commands, including names inherited from Object.prototype, exit 1', async t => {
  for (const name of ['frobnicate', 'toString']) {
    const res = cli(name)
    t.equal(res.code, 1, name)
    t.match(res.stderr, `unknown command "${name}"`)
    if (name === 'frobnicate') t.matchSnapshot(res.stderr, 'unknown command')
  }
})

t.test('an unknown option is a usage error (SG_USAGE_INVALID) with the command\'s usage', async t => {
  const res = cli('start', '--bogus')
  t.equal(res.code, 1)
  t.equal(res.stderr, 'streamgate: Unknown option \'--bogus\'\nUsage: streamgate start [--config <file>]\n')
})

t.test('the built command is executable, as `npx streamgate` runs it directly', async t => {
  t.equal(statSync(join(packageRoot, 'dist', 'src', 'cli.js')).mode & 0o111, 0o111)
})
