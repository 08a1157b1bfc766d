import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { once } from 'node:events'
import t from 'tap'
import { freePort } from './helpers.js'

t.test('freePort hands out distinct listenable ports that no outgoing connection can take, bus ports included', async t => {
  const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0])
  const ports = await Promise.all(Array.from({ length: 20 }, async () => await freePort()))
  t.equal(new Set(ports).size, ports.length, 'never the same port twice')
  t.ok(ports.every(port => port >= 1024 && port + 10_000 < low), `below the ephemeral range (${low}), with room for +10,000: ${ports.join(' ')}`)
  const server = createServer().listen(ports[0], '127.0.0.1')
  await once(server, 'listening')
  t.teardown(() => { server.close() })
  t.equal((server.address() as { port: number }).port, ports[0])
})
