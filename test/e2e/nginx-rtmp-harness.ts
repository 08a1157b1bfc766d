import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance } from 'fastify'
import { SignJWT } from 'jose'
import type { Test } from 'tap'
import { buildApp } from '../../src/app.js'
import { loadConfigFile } from '../../src/config/load.js'
import { packageRoot } from '../../src/paths.js'
import { type LogCapture, freePort } from '../helpers.js'

/** Real nginx-rtmp and ffmpeg around a streamgate started from examples/nginx-rtmp, for the e2e suites. */
export const NGINX = '/usr/sbin/nginx'
export const FFMPEG = '/usr/bin/ffmpeg'
export const SECRET = 'e2e-control-api-secret-32-characters'
export const HOOK_SECRET = 'e2e-hook-secret-shared-with-nginx-rtmp'
export const example = join(packageRoot, 'examples', 'nginx-rtmp')

export interface Ports { rtmp: number, http: number, streamgate: number }

/** Stops a child we started, by its PID, and waits for it. */
export async function stop (child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
  const exited = once(child, 'exit')
  process.kill(child.pid, 'SIGTERM')
  await exited
}

export async function until<T> (what: string, probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    const value = await probe()
    if (value !== undefined) return value
    await sleep(200)
  }
  throw new Error(`timed out waiting for ${what}`)
}

/** The example nginx.conf with its ports, streamgate address, hook secret and paths moved into the test's own. */
export function renderNginxConf (dir: string, ports: Ports): string {
  const conf = readFileSync(join(example, 'nginx.conf'), 'utf8')
    .replaceAll('REPLACE-WITH-THE-HOOK-SECRET', HOOK_SECRET)
    .replaceAll('127.0.0.1:8080', `127.0.0.1:${ports.streamgate}`)
    .replaceAll('1935', String(ports.rtmp))
    .replaceAll('listen 8088', `listen 127.0.0.1:${ports.http}`)
    .replaceAll(`listen ${ports.rtmp}`, `listen 127.0.0.1:${ports.rtmp}`)
    .replaceAll('/var/lib/nginx', dir)
    .replaceAll('/run/nginx-rtmp.pid', join(dir, 'nginx.pid'))
    .replaceAll('/var/log/nginx', dir)
  return 'daemon off;\n' + conf
}

/** Starts nginx on `conf` (written to the test's directory), answers once its http server does. */
export async function startNginx (t: Test, dir: string, ports: Ports, conf: string): Promise<void> {
  const path = join(dir, 'nginx.conf')
  writeFileSync(path, conf)
  const nginx = spawn(NGINX, ['-p', dir, '-c', path, '-e', join(dir, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] })
  t.teardown(() => stop(nginx))
  let nginxErr = ''
  nginx.stderr.on('data', (chunk: Buffer) => { nginxErr += chunk.toString() })
  await until('nginx', async () => {
    if (nginx.exitCode !== null) throw new Error(`nginx exited: ${nginxErr}`)
    return await get(`http://127.0.0.1:${ports.http}/live/`).then(() => true, () => undefined)
  })
}

export interface Streamgate { app: FastifyInstance, address: string, ports: Ports, jwt: string, api: (method: string, path: string) => Promise<Record<string, unknown>> }

/** streamgate on a config file (the example's, or one made from it), listening on a free port, with its control API. */
export async function startStreamgate (t: Test, configFile: string, logs: LogCapture): Promise<Streamgate> {
  const { config, baseDir } = await loadConfigFile(configFile, { STREAMGATE_HOOK_SECRET: HOOK_SECRET, STREAMGATE_JWT_SECRET: SECRET })
  const app = await buildApp({
    config: { ...config, controlApi: { enabled: true, jwt: { algorithm: 'HS256', secret: SECRET, clockToleranceSeconds: 30, requireExpiry: true } } },
    baseDir,
    logStream: logs.stream
  })
  t.teardown(() => app.close())
  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  const ports = { rtmp: await freePort(), http: await freePort(), streamgate: Number(new URL(address).port) }
  const jwt = await new SignJWT({ sub: 'e2e' }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('10m').sign(new TextEncoder().encode(SECRET))
  const api = async (method: string, path: string): Promise<Record<string, unknown>> => {
    const res = await fetch(`${address}${path}`, { method, headers: { authorization: `Bearer ${jwt}` } })
    return await res.json() as Record<string, unknown>
  }
  return { app, address, ports, jwt, api }
}

/** ffmpeg publishing a bounded test pattern; resolves with its exit code. */
export async function publish (t: Test, rtmpPort: number, name: string, seconds: number): Promise<{ code: number | null, stderr: string }> {
  const child = spawn(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-t', String(seconds), '-f', 'flv', `rtmp://127.0.0.1:${rtmpPort}/app/${name}`],
  { stdio: ['ignore', 'ignore', 'pipe'] })
  t.teardown(() => stop(child))
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const timer = setTimeout(() => { void stop(child) }, (seconds + 20) * 1000)
  const [code] = await once(child, 'exit') as [number | null]
  clearTimeout(timer)
  return { code, stderr }
}

export const get = async (url: string, headers: Record<string, string> = {}): Promise<{ status: number, text: string }> => {
  const res = await fetch(url, { headers })
  return { status: res.status, text: await res.text() }
}
