/* Generated from schemas/mediamtx/config.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * MediaMTX external HTTP authentication (authMethod: http, authHTTPAddress). 2xx allows; 401 asks a client that sent no credentials for them; 403 refuses.
 */
export interface MediamtxAdapterConfig {
  enabled: boolean
  /**
   * Route authHTTPAddress points at.
   */
  path: string
  /**
   * Query parameter the request's token field (a bearer token the client sent) is given to the rules as, when the query has none of that name: the signed-token rule's param.
   */
  tokenParam: string
  /**
   * Addresses and CIDR ranges (the client's ip) whose api, metrics and pprof requests are allowed without the policy chain. Empty: every such request is refused (reason api-action); better still, leave these actions out with MediaMTX's authHTTPExclude.
   */
  apiAllowFrom: string[]
  hookAuth: HookAuthConfig
}
/**
 * Who may call a media server's hooks: a call must come from one of allowFrom and, when a secret is set, carry it in the hook URL's query (?<secretParam>=<secret>). Anything else is refused with 403.
 */
export interface HookAuthConfig {
  /**
   * Addresses and CIDR ranges the media server calls from (the TCP peer; forwarding headers are ignored). Loopback only by default; ["0.0.0.0/0", "::/0"] leaves the check to the secret.
   *
   * @minItems 1
   */
  allowFrom: [string, ...string[]]
  /**
   * Shared secret the media server puts in the hook URL's query; compared in constant time, never logged.
   */
  secret?: string
  /**
   * Name of the query parameter that carries the secret.
   */
  secretParam: string
}
