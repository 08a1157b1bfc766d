/* Generated from schemas/config.schema.json by scripts/gen-types.mjs. Do not edit. */

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
 * Outcome when every rule abstains.
 */
export type ConfiguredFinalOutcome =
  | ('allow' | 'deny')
  | {
      redirect: string
    }
/**
 * Outcome when a rule fails (a store is down, say).
 */
export type ConfiguredFinalOutcome1 =
  | ('allow' | 'deny')
  | {
      redirect: string
    }

/**
 * streamgate configuration (YAML or JSON). Strings may hold ${VAR} or ${VAR:-default} environment placeholders.
 */
export interface StreamgateConfig {
  server: {
    /**
     * Address to listen on.
     */
    host: string
    /**
     * Port to listen on; 0 picks a free one.
     */
    port: number
    /**
     * Largest request body accepted, in bytes.
     */
    bodyLimit: number
  }
  log: {
    level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  }
  adapters: {
    nimble: NimbleAdapterConfig
  }
  store: StoreConfig
  /**
   * Tried in order; the first whose match fits the request's app and stream decides.
   *
   * @minItems 1
   */
  policies: [PolicyConfig, ...PolicyConfig[]]
}
export interface NimbleAdapterConfig {
  enabled: boolean
  /**
   * Route for Nimble's Auth handler URL.
   */
  path: string
  /**
   * HTTP status of a redirect answer; return_code is 302 either way.
   */
  redirectHttpStatus: 302 | 200
  /**
   * Send the decision's rule and reason in an X-Streamgate-Reason header.
   */
  reasonHeader: boolean
  paywall: NimblePaywallConfig
}
/**
 * Nimble's pay-per-view sync: Nimble reports per viewer id the seconds watched and bytes sent since its last report; streamgate takes the seconds from the viewer's balance (the one pay-per-minute uses), adds the bytes to their usage, and answers the ids to cut off.
 */
export interface NimblePaywallConfig {
  enabled: boolean
  /**
   * Route for Nimble's pay-per-view sync URL.
   */
  path: string
  /**
   * The token shared with Nimble (WMSPanel) that signs requests and answers.
   */
  token?: string
  /**
   * Take watched seconds from balances and cut off viewers whose balance is used up.
   */
  meterTime: boolean
  /**
   * Cut off viewers who have been sent more than this many bytes; no bandwidth limit when absent.
   */
  maxBytes?: number
}
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
   * ms before a Redis command is given up.
   */
  commandTimeout: number
  /**
   * ioredis enableAutoPipelining: batches commands issued in the same tick (more throughput under load).
   */
  autoPipelining: boolean
}
export interface PolicyConfig {
  name?: string
  match: {
    /**
     * Application name; * and ? are wildcards.
     */
    app: string
    /**
     * Stream name; * and ? are wildcards.
     */
    stream: string
    /**
     * Only this action; both when absent.
     */
    action?: 'play' | 'publish'
  }
  rules: RuleEntry[]
  default: ConfiguredFinalOutcome
  onError: ConfiguredFinalOutcome1
}
/**
 * Exactly one of rule (a built-in) or use (a custom module).
 */
export interface RuleEntry {
  /**
   * Id of a built-in rule.
   */
  rule?: string
  /**
   * Module path (relative to the config file) or package name of a custom rule.
   */
  use?: string
  /**
   * Name used in logs and decisions; the rule id when absent.
   */
  name?: string
  options: {}
}
