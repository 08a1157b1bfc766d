import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { chmodSync, closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import type { Socket } from 'node:net'
import { join } from 'node:path'
import { StringDecoder } from 'node:string_decoder'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Test } from 'tap'
import { packageRoot } from '../../src/paths.js'

/** A command of a README code block, with the output its comment lines promise (fragments 3+ spaces apart). */
export interface Step { command: string, expect: string[] }

/** What a test must change to run a README command unprivileged on its own ports: each must still match. */
export type Rewrite = [from: string | RegExp, to: string]

const README = join(packageRoot, 'README.md')

/** The commands of every ```sh block the README marks `<!-- readme-test: <name> ... -->`, in order. */
export function readmeSteps (name: string): Step[] {
  const text = readFileSync(README, 'utf8')
  const blocks = [...text.matchAll(/<!-- readme-test: ([\w-]+)[^>]*-->\n```sh\n([\s\S]*?)\n```/g)].filter(m => m[1] === name).map(m => m[2]!)
  if (blocks.length === 0) throw new Error(`README.md has no block marked readme-test: ${name}`)
  const steps: Step[] = []
  for (const line of blocks.join('\n').replace(/\\\n\s*/g, '').split('\n')) {
    if (line.trim() === '') continue
    if (line.startsWith('#')) {
      const last = steps.at(-1)
      if (last === undefined) throw new Error(`README block ${name} starts with a comment`)
      last.expect.push(...line.slice(1).trim().split(/\s{3,}/))
    } else {
      steps.push({ command: line, expect: [] })
    }
  }
  return steps
}

/** Applies the rewrites to the commands; a rewrite that no longer applies means the README changed under the test. */
export function rewrite (steps: Step[], rewrites: Rewrite[]): Step[] {
  let commands = steps.map(s => s.command)
  for (const [from, to] of rewrites) {
    if (!commands.some(c => typeof from === 'string' ? c.includes(from) : from.test(c))) {
      throw new Error(`no README command contains ${String(from)}: update this test's rewrites`)
    }
    commands = commands.map(c => typeof from === 'string' ? c.split(from).join(to) : c.replace(new RegExp(from, from.flags.includes('g') ? from.flags : from.flags + 'g'), to))
  }
  return steps.map((s, i) => ({ ...s, command: commands[i]! }))
}

export interface Ran {
  outputs: string[]
  /** Everything printed so far, background jobs included. */
  all: () => string
  /** Resolves with everything printed once it matches; rejects at the deadline. */
  printed: (pattern: RegExp, ms: number) => Promise<string>
}

/**
 * Runs the commands in one bash session (as a reader pasting the block would, `set -e`), in the package's folder,
 * each one's output (stdout and stderr, and whatever background jobs print meanwhile) kept apart. Background
 * jobs run on until the test ends; then their process group, which this test started, is stopped.
 *
 * The session writes to a file, not a pipe: a Node process in it (npm, streamgate) makes a shared pipe non-blocking,
 * and curl then failed with "write error" (exit 23) whenever the pipe was full. Every process of the session holds
 * fd 3, a pipe nobody writes to: it closes once the last of them has exited.
 */
export async function runSteps (t: Test, steps: Step[], options: { env: NodeJS.ProcessEnv, deadlineMs: number, stopFirst?: () => Promise<void> }): Promise<Ran> {
  const script = ['exec 2>&1', 'set -e', ...steps.flatMap((s, i) => [`printf '\\n@@step ${i}@@\\n'`, s.command]), "printf '\\n@@end@@\\n'"].join('\n')
  const dir = mkdtempSync(join(tmpdir(), 'sg-readme-'))
  const file = join(dir, 'output')
  const out = openSync(file, 'a')
  let bash: ChildProcess
  try {
    bash = spawn('/bin/bash', ['-c', script], { cwd: packageRoot, env: { ...process.env, ...options.env }, detached: true, stdio: ['ignore', out, out, 'pipe'] })
  } catch (err) {
    rmSync(dir, { recursive: true, force: true })
    throw err
  } finally {
    closeSync(out)
  }
  const holders = bash.stdio[3] as Socket
  holders.resume()
  const allExited = once(holders, 'close')
  let all = ''
  let read = 0
  const decoder = new StringDecoder('utf8')
  const watchers = new Set<() => void>()
  const readMore = (): void => {
    const bytes = readFileSync(file)
    if (bytes.length === read) return
    // a character cut by a write in progress is held back until its last byte is there
    all += decoder.write(bytes.subarray(read))
    read = bytes.length
    for (const watcher of watchers) watcher()
  }
  const poll = setInterval(readMore, 100).unref()
  t.teardown(async () => {
    try {
      // a daemon the commands started keeps running: it goes first
      await options.stopFirst?.()
    } finally {
      try {
        process.kill(-bash.pid!, 'SIGTERM')
      } catch { /* every job has ended */ }
      await allExited
      clearInterval(poll)
      rmSync(dir, { recursive: true, force: true })
    }
  })
  const printed = async (pattern: RegExp, ms: number): Promise<string> => await new Promise((resolve, reject) => {
    if (pattern.test(all)) { resolve(all); return }
    const timer = setTimeout(() => { watchers.delete(look); reject(new Error(`nothing printed matched ${String(pattern)}:\n${all.slice(-4000)}`)) }, ms)
    function look (): void {
      if (!pattern.test(all)) return
      clearTimeout(timer)
      watchers.delete(look)
      resolve(all)
    }
    watchers.add(look)
  })
  const finished = new Promise<string>(resolve => {
    const timer = setTimeout(() => { resolve('the deadline passed') }, options.deadlineMs)
    watchers.add(() => { if (all.includes('\n@@end@@')) { clearTimeout(timer); resolve('done') } })
    bash.on('exit', code => {
      if (code === 0) return
      // what it printed last is read before the failure is told
      readMore()
      clearTimeout(timer)
      resolve(`bash exited ${String(code)}`)
    })
  })
  const how = await finished
  if (!all.includes('\n@@end@@')) throw new Error(`the README's commands did not finish (${how}):\n${all.slice(-4000)}`)
  const outputs = all.split(/\n@@step \d+@@\n/).slice(1)
  outputs[outputs.length - 1] = outputs.at(-1)!.split('\n@@end@@')[0]!
  return { outputs, all: () => all, printed }
}

/** Each command's promised output, checked in the output it gave. */
export function checkExpectations (t: Test, steps: Step[], ran: Ran): void {
  steps.forEach((step, i) => {
    for (const fragment of step.expect) t.ok(ran.outputs[i]?.includes(fragment), `${step.command.slice(0, 60)}... prints ${fragment}`, { output: ran.outputs[i] })
  })
}

/**
 * Stops an nginx the test's commands started as a daemon, by the PID in its pid file, and waits until it is gone
 * (a daemon is no child of ours: there is no exit event to wait on).
 */
async function stopNginx (pidFile: string): Promise<void> {
  if (!existsSync(pidFile)) return
  const pid = Number(readFileSync(pidFile, 'utf8'))
  const alive = (): boolean => {
    try {
      process.kill(pid, 0)
      return true
    } catch {
      return false
    }
  }
  if (alive()) process.kill(pid, 'SIGTERM')
  while (alive() && existsSync(pidFile)) await sleep(50)
}

/** An example file with the changes a test needs; a change that no longer applies means the example changed. */
export function renderExample (file: string, changes: Array<[string, string]>): string {
  let text = readFileSync(join(packageRoot, file), 'utf8')
  for (const [from, to] of changes) {
    if (!text.includes(from)) throw new Error(`${file} no longer contains ${from}: update this test`)
    text = text.split(from).join(to)
  }
  return text
}

export interface NginxSite {
  dir: string
  /** Where the rendered nginx.conf goes. */
  conf: string
  /** The command that starts nginx on it, as a daemon as `sudo nginx -c ...` does. */
  start: string
  /** Stops that nginx and removes the folder. */
  stop: () => Promise<void>
}

/**
 * A folder for an nginx the README's commands start. Not t.testdir: it holds nginx's pid file and must outlive
 * it. Readable by all, since run as root nginx's workers are nobody.
 */
export function nginxSite (prefix: string): NginxSite {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  chmodSync(dir, 0o755)
  const conf = join(dir, 'nginx.conf')
  return {
    dir,
    conf,
    start: `/usr/sbin/nginx -p ${dir} -e ${join(dir, 'error.log')} -c ${conf}`,
    stop: async () => {
      await stopNginx(join(dir, 'nginx.pid'))
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
