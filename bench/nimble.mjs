// Nimble auth endpoint: streamgate's default in-process chain against a bare Fastify route with the same
// schemas. Usage: npm run bench:nimble [-- --rounds 8 --seconds 5 --connections 32]
import { parseArgs } from 'node:util'
import { cpus } from 'node:os'
import { freePort, interleave, startTarget, table } from './lib.mjs'

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '8' }, seconds: { type: 'string', default: '5' }, connections: { type: 'string', default: '32' } } })
const root = new URL('..', import.meta.url).pathname
const body = JSON.stringify({
  host: 'tv.example.com', url: 'http://tv.example.com/live/stream/playlist.m3u8?token=x', ip: '198.51.100.7',
  'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
  referer: 'https://www.example.com/watch', session_id: '12345', session_type: 'HLS'
})

const targets = []
try {
  targets.push(await startTarget({ name: 'baseline (bare Fastify, same schemas)', command: process.execPath, args: [root + 'bench/baseline.mjs'], port: await freePort() }))
  targets.push(await startTarget({
    name: 'streamgate, in-process chain, info logs to /dev/null',
    command: 'sh', args: ['-c', `exec "${process.execPath}" "${root}dist/src/cli.js" start --config "${root}bench/nimble.yaml" > /dev/null`],
    port: await freePort()
  }))
  const rows = interleave(targets, { rounds: Number(values.rounds), seconds: Number(values.seconds), connections: Number(values.connections), body, path: '/nimble/auth' })
  console.log(`${new Date().toISOString()} · ${cpus().length}× ${cpus()[0]?.model} · Node ${process.version} · wrk -t1 -c${values.connections}, ${values.rounds} rounds × ${values.seconds} s, order rotated\n`)
  console.log(table(rows))
} finally {
  for (const target of targets) target.stop()
}
