import type { FastifyBaseLogger } from 'fastify'
import type { Cluster, Redis } from 'ioredis'

/** `CONFIG GET <name>`'s value ('' when the server does not know it). */
async function configValue (node: Redis, name: string): Promise<string> {
  const reply = await node.config('GET', name) as string[]
  return reply[1] ?? ''
}

/**
 * Warns when a Redis keeps nothing on disk (no RDB snapshots, no AOF): a restart then loses every
 * balance, entitlement and stream key. Checks each master of a Cluster. A server that refuses CONFIG
 * (renamed, or not allowed by an ACL) is not judged: that is said once, at info level.
 */
export async function warnIfNotPersistent (client: Redis | Cluster, log: FastifyBaseLogger): Promise<void> {
  const nodes = client.isCluster ? (client as Cluster).nodes('master') : [client as Redis]
  for (const node of nodes) {
    const where = `${node.options.host ?? ''}:${node.options.port ?? ''}`
    let save: string
    let appendonly: string
    try {
      [save, appendonly] = await Promise.all([configValue(node, 'save'), configValue(node, 'appendonly')])
    } catch (err) {
      log.info({ redis: where, err: { message: (err as Error).message } }, 'cannot tell whether redis persists its data (CONFIG GET refused)')
      continue
    }
    if (save.trim() === '' && appendonly !== 'yes') {
      log.warn({ redis: where, save, appendonly }, 'redis keeps nothing on disk (no save points, appendonly no): a restart loses balances, entitlements and stream keys; see the README on persistence')
    }
  }
}
