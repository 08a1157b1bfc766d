import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { Agent, request } from 'node:http'
import { connect, type Socket } from 'node:net'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { packageRoot } from '../../src/paths.js'

const WORKERS = 16

type Answer =
  | { status: number, connection: string, body: string }
  /** The server refused a new connection: nothing was sent, the client can go elsewhere. */
  | 'refused'
  /** A request was sent and the connection closed without an answer. */
  | 'unanswered'

/** One Nimble authorization on a keep-alive agent. */
async function authorize (agent: Agent, port: number, ip: string): Promise<Answer> {
  const body = JSON.stringify({ url: '/live/s/playlist.m3u8', ip })
  return await new Promise(resolve => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/nimble/auth', agent, headers: { 'content-type': 'application/json' } }, res => {
      let text = ''
      res.on('data', (chunk: Buffer) => { text += chunk.toString() })
      res.on('end', () => { resolve({ status: res.statusCode ?? 0, connection: String(res.headers.connection), body: text }) })
    })
    req.on('error', (err: NodeJS.ErrnoException) => { resolve(err.code === 'ECONNREFUSED' ? 'refused' : 'unanswered') })
    req.end(body)
  })
}

const isNimbleAnswer = (a: Answer): boolean => typeof a === 'object' &&
  ((a.status === 200 && a.body === '{"return_code":200}') || (a.status === 403 && a.body === '{"return_code":403}'))

async function refusesConnections (port: number): Promise<boolean> {
  const socket = connect({ host: '127.0.0.1', port })
  try {
    await once(socket, 'connect')
    return false
  } catch {
    return true
  } finally {
    socket.destroy()
  }
}

async function readAll (socket: Socket): Promise<string> {
  let text = ''
  socket.on('data', (chunk: Buffer) => { text += chunk.toString() })
  await once(socket, 'close')
  return text
}

t.test('SIGTERM under load: every request sent on an open connection gets a Nimble answer with Connection: close', async t => {
  const dir = t.testdir({
    'config.yaml': 'server: { port: 0 }\nlog: { level: info }\npolicies:\n  - rules: [{ rule: ip-range, options: { allow: ["127.0.0.0/8"] } }]\n'
  })
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start', '--config', join(dir, 'config.yaml')],
    { cwd: packageRoot, stdio: ['ignore', 'pipe', 'pipe'] })
  t.teardown(() => { if (child.exitCode === null) child.kill('SIGKILL') })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const exited = once(child, 'exit')
  const listening = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/
  while (!listening.test(output)) await Promise.race([once(child.stdout, 'data'), exited])
  const port = Number(listening.exec(output)?.[1])

  // a request whose body is still on its way when the signal comes: it is decided after the drain began
  const late = connect({ host: '127.0.0.1', port })
  await once(late, 'connect')
  const lateBody = JSON.stringify({ url: '/live/s/playlist.m3u8', ip: '127.0.0.1' })
  late.write(`POST /nimble/auth HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${lateBody.length}\r\n\r\n${lateBody.slice(0, 10)}`)
  const lateAnswer = readAll(late)

  const agent = new Agent({ keepAlive: true, maxSockets: WORKERS })
  t.teardown(() => agent.destroy())
  const answers: Answer[] = []
  const worker = async (w: number): Promise<void> => {
    for (let i = 0; ; i++) {
      const answer = await authorize(agent, port, i % 2 === 0 ? '127.0.0.1' : `198.51.100.${w}`)
      answers.push(answer)
      if (answer === 'refused' || answer === 'unanswered') return
    }
  }
  const load = Promise.all(Array.from({ length: WORKERS }, async (_, w) => { await worker(w) }))

  while (answers.length < 200) await sleep(10)
  const signalledAt = answers.length
  child.kill('SIGTERM')
  while (!await refusesConnections(port)) await sleep(10)
  late.end(lateBody.slice(10))
  await load
  const [code] = await exited as [number]

  const head = await lateAnswer
  t.match(head, /^HTTP\/1\.1 200 OK\r\n/, 'the request completed during the drain is decided')
  t.match(head, /\r\nconnection: close\r\n/i, 'and told to close its connection')
  t.match(head, /\r\n\r\n\{"return_code":200\}$/, 'in Nimble\'s format')
  const unanswered = answers.filter(a => a === 'unanswered').length
  t.equal(unanswered, 0, 'no request sent on an open connection goes unanswered')
  t.same(answers.filter(a => a !== 'refused' && !isNimbleAnswer(a)).slice(0, 3), [], 'every answer is a Nimble answer (none a 503)')
  const draining = answers.slice(signalledAt).filter(a => typeof a === 'object' && a.connection === 'close')
  t.ok(draining.length > 0 && draining.every(isNimbleAnswer), `${draining.length} answers given while draining, each with Connection: close`)
  t.equal(code, 0, 'streamgate exits 0 once every connection is closed')
  const http503 = answers.filter(a => typeof a === 'object' && a.status === 503).length
  t.comment(`${answers.length} answers, ${answers.length - signalledAt} after SIGTERM: ${draining.length} with Connection: close, ${http503} HTTP 503, ${unanswered} unanswered`)
})
