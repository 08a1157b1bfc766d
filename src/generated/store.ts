/* Generated from schemas/store.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * @minItems 1
 */
export type RedisNodes = [
  {
    host: string
    port: number
  },
  ...{
    host: string
    port: number
  }[]
]

/**
 * Where shared state (entitlements, balances, sessions, stream keys) lives. memory: in this process, for a single instance. redis: a single node (url), a Sentinel group (sentinels) or a Cluster (cluster); several instances on one Redis share all state.
 */
export interface StoreConfig {
  type: 'memory' | 'redis'
  /**
   * redis://[user:password@]host:port[/db] of a single node.
   */
  url?: string
  sentinels?: {
    /**
     * Name of the monitored master.
     */
    name: string
    nodes: RedisNodes
  }
  cluster?: {
    nodes: RedisNodes
  }
  /**
   * For sentinels and cluster; a url carries its own.
   */
  username?: string
  /**
   * For sentinels and cluster; a url carries its own.
   */
  password?: string
  /**
   * Put before every key, so several deployments can share one Redis.
   */
  keyPrefix: string
  /**
   * ms before a Redis command that gets no reply is given up (looked at four times per commandTimeout: at least commandTimeout and at most about 1.5 × commandTimeout after it was sent). A backstop: the rules answer by their own timeoutMs, and a reply that comes after that but within commandTimeout lets streamgate undo the late write, so keep it above 10 × the rules' timeoutMs.
   */
  commandTimeout: number
  /**
   * ms a command without a deadline of its own (the CLI, the admin API) waits for the first connection or a failover to a new master. Once a connection attempt has failed, commands fail at once.
   */
  connectTimeout: number
  /**
   * ioredis enableAutoPipelining: the commands of one event-loop turn sent together (more throughput under load). Commands waiting in its pipeline are out of the command watch's sight (given up up to 2.5 × commandTimeout), and a burst read in one long turn holds writes back (bench/RESULTS.md, round 13).
   */
  autoPipelining: boolean
  /**
   * memory store: most keys kept (about 300 bytes of heap each). To make room it evicts expiring entries (sessions, charge markers, bans), the longest-unwritten first, counted in streamgate_store_evictions_total; balances, entitlements and stream keys are never evicted, and when only they are left a new key is refused (the rule's onError).
   */
  maxEntries?: number
}
