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
      redirect: RedirectLocation
    }
/**
 * A URL or stream name in visible ASCII (percent-encode anything else), without leading or trailing spaces: media servers read redirects from headers, which hold nothing else.
 */
export type RedirectLocation = string
/**
 * Outcome when a rule fails (a store is down, say).
 */
export type ConfiguredFinalOutcome1 =
  | ('allow' | 'deny')
  | {
      redirect: RedirectLocation
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
    /**
     * Largest request head accepted, in bytes. nginx forwards viewer headers of up to 32 KiB (4 × 8k buffers) to auth_request; Node's own default of 16 KiB would refuse them.
     */
    maxHeaderSize: number
    /**
     * Milliseconds a connection may stay silent (nothing sent, nothing answered) before it is closed; a connection that never sends a byte is closed after this long.
     */
    connectionTimeout: number
    /**
     * Milliseconds a client has to send a whole request; a slow one is answered 408 and closed.
     */
    requestTimeout: number
    /**
     * Milliseconds an idle keep-alive connection stays open between requests. Keep it above the keepalive_timeout of an nginx upstream pointing here (60 s by default), so nginx never reuses a connection streamgate is closing.
     */
    keepAliveTimeout: number
    /**
     * ms a shutdown (SIGTERM) keeps open connections answering, each answer with Connection: close, before it closes the ones left idle: a request sent on a keep-alive connection is answered, not reset.
     */
    drainTimeout: number
  }
  log: {
    level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  }
  adapters: {
    nimble: NimbleAdapterConfig
    nimblePublish: NimblePublishConfig
    nginxRtmp: NginxRtmpAdapterConfig
    nginx: NginxAuthRequestAdapterConfig
    mediamtx: MediamtxAdapterConfig
    srs: SrsAdapterConfig
    icecast: IcecastAdapterConfig
    ovenmediaengine: OvenMediaEngineAdapterConfig
  }
  store: StoreConfig
  publish: PublishConfig
  controlApi: ControlApiConfig
  admin: AdminConfig
  console: ConsoleConfig
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
 * Nimble Streamer publish control: a batched PublishAuthRequest answered with a PublishAuthResponse item per seq.
 */
export interface NimblePublishConfig {
  enabled: boolean
  path: string
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
/**
 * nginx-rtmp-module notify hooks (on_connect, on_publish, on_publish_done, on_play, on_play_done, on_done, on_update), all pointed at one route that dispatches on the call field.
 */
export interface NginxRtmpAdapterConfig {
  enabled: boolean
  /**
   * Route every on_* directive points at.
   */
  path: string
  /**
   * when-renamed: a publish whose name already is the public name (key given in an argument) is answered 200; always: every accepted publish is answered 302 Location: <public name>.
   */
  redirect: 'when-renamed' | 'always'
  /**
   * nginx.conf's notify_update_timeout, in seconds (nginx-rtmp's default: 30). A connection holds its one stream for three of these after its last update, or after its play or publish.
   */
  notifyUpdateSeconds: number
  /**
   * Applications that serve files with nginx-rtmp's play directive (video on demand), named as in nginx.conf. A play there is decided on the file nginx-rtmp opens: without an mp4: prefix, with .flv or .mp4 added where nginx-rtmp adds it, so mp4:movie, movie.mp4 and MP4:movie are one stream to the rules.
   */
  vodApps: string[]
  hookAuth: HookAuthConfig1
}
/**
 * Who may call a media server's hooks: a call must come from one of allowFrom and, when a secret is set, carry it in the hook URL's query (?<secretParam>=<secret>). Anything else is refused with 403.
 */
export interface HookAuthConfig1 {
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
/**
 * nginx auth_request subrequests: the original request comes in headers (X-Original-URI, X-Original-Method, X-Real-IP, X-Forwarded-For, Host, User-Agent, Referer, Cookie) and is answered with no body: 204 allow, denyStatus deny, 401 with X-Redirect-Location for a redirect.
 */
export interface NginxAuthRequestAdapterConfig {
  enabled: boolean
  /**
   * Route the auth location's proxy_pass points at.
   */
  path: string
  /**
   * Status of a deny; nginx passes 401 and 403 on to the viewer (with 401, the error_page recipe tells a deny from a redirect by X-Redirect-Location).
   */
  denyStatus: 403 | 401
  /**
   * Which address headers the auth location sets; only those are read, since auth_request passes the viewer's own headers on and proxy_set_header replaces only the ones it names. both (the recipe: proxy_set_header X-Real-IP $remote_addr; and proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;): X-Real-IP must be X-Forwarded-For's last entry, so a header a viewer made up where nginx sets only the other is refused; the hops are X-Forwarded-For's entries. x-real-ip (X-Real-IP alone): the client is X-Real-IP; only when that is a trusted proxy does the walk go on leftwards through X-Forwarded-For. x-forwarded-for (X-Forwarded-For alone): the hops are its entries, X-Real-IP is ignored. A header the setting names that is missing is refused (no-client-ip).
   */
  addressHeader: 'both' | 'x-real-ip' | 'x-forwarded-for'
  /**
   * Addresses or CIDRs of proxies in front of nginx (load balancers, CDNs). Walking the hops addressHeader names from the right, the client is the first address not in this list (the leftmost when all are). Empty: the client is nginx's own peer ($remote_addr), the last hop.
   */
  trustedProxies: string[]
  /**
   * Cookie whose value becomes the request's session id: each key fetch of a session is one pay-per-minute metering window.
   */
  sessionCookie: string
  /**
   * Path prefixes of DASH trees: .m4s and .mp4 under them are DASH (a .mpd is DASH anywhere), elsewhere HTTP.
   */
  dashPrefixes: string[]
  /**
   * How X-Original-URI becomes the path decided on. nginx: as nginx builds $uri (decode once, merge slashes, resolve . and ..), which is the file nginx serves. strict: refuse every path two servers could read differently (dot and empty segments, encoded slashes, backslashes, double encoding, trailing dots); use it when the location passes the request on with proxy_pass, which sends the raw URI to another server.
   */
  pathRules: 'nginx' | 'strict'
  /**
   * Send the decision's rule and reason in an X-Streamgate-Reason header (auth_request_set can log it).
   */
  reasonHeader: boolean
}
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
  hookAuth: HookAuthConfig2
}
/**
 * Who may call a media server's hooks: a call must come from one of allowFrom and, when a secret is set, carry it in the hook URL's query (?<secretParam>=<secret>). Anything else is refused with 403.
 */
export interface HookAuthConfig2 {
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
/**
 * SRS http_hooks (on_connect, on_close, on_publish, on_unpublish, on_play, on_stop, on_dvr, on_hls), all pointed at one route that dispatches on the action field.
 */
export interface SrsAdapterConfig {
  enabled: boolean
  /**
   * Route every on_* hook of srs.conf points at.
   */
  path: string
  hookAuth: HookAuthConfig3
}
/**
 * Who may call a media server's hooks: a call must come from one of allowFrom and, when a secret is set, carry it in the hook URL's query (?<secretParam>=<secret>). Anything else is refused with 403.
 */
export interface HookAuthConfig3 {
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
/**
 * Icecast 2.4 URL authentication (<authentication type="url"> in a <mount>): listener_add, listener_remove, stream_auth, mount_add and mount_remove all pointed at one route that dispatches on the action field.
 */
export interface IcecastAdapterConfig {
  enabled: boolean
  /**
   * Route every URL option of the mount's authentication points at.
   */
  path: string
  /**
   * The header line that admits a listener or source: the mount's auth_header option, exactly as written there, with one space after the colon (Icecast compares the line Node writes, `name: value`, with it).
   */
  authHeader: string
  /**
   * The header that tells Icecast how many seconds a listener may stay: the mount's timelimit_header option without its colon.
   */
  timelimitHeader: string
  hookAuth: HookAuthConfig4
}
/**
 * Who may call a media server's hooks: a call must come from one of allowFrom and, when a secret is set, carry it in the hook URL's query (?<secretParam>=<secret>). Anything else is refused with 403.
 */
export interface HookAuthConfig4 {
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
/**
 * OvenMediaEngine AdmissionWebhooks: every opening and closing session (incoming = publish, outgoing = play) is posted to one route, signed with the shared secret key in X-OME-Signature.
 */
export interface OvenMediaEngineAdapterConfig {
  enabled: boolean
  /**
   * Route of Server.xml's <AdmissionWebhooks><ControlServerUrl>.
   */
  path: string
  /**
   * The <SecretKey> of <AdmissionWebhooks>: every call must carry X-OME-Signature, its HMAC-SHA1 over the body. Required when enabled; never logged.
   */
  secretKey?: string
  /**
   * A call whose request.time is further than this from streamgate's clock is refused, so that a captured call cannot be replayed later.
   */
  maxAgeSeconds: number
  /**
   * Decide on client.real_ip (what OME read from X-Forwarded-For or the PROXY protocol) when OME sends it, instead of client.address. Only when every client reaches OME through your own proxy.
   */
  useRealIp: boolean
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
/**
 * Where publishers present stream keys. Publishers publish to a private key, viewers play the public stream name; keys are stored hashed in the configured store and checked by the stream-key rule of a publish policy.
 */
export interface PublishConfig {
  /**
   * RTMP URL argument that may carry the key when a publisher publishes to the public name (rtmp://host/app/<name>?key=<key>); otherwise the published name is the key.
   */
  keyArg: string
}
/**
 * Stream key administration: LiveGo-compatible /control/get|reset|delete?room= and REST /v1/streams. It hands out publish keys, so it needs jwt when enabled.
 */
export interface ControlApiConfig {
  enabled: boolean
  jwt?: JwtAuthConfig
}
/**
 * Bearer JWTs for admin APIs, from Authorization: Bearer <token> or ?jwt=<token>. The algorithm is pinned: a token signed otherwise (or alg none) is refused. HS* takes secret; RS*, PS*, ES* and EdDSA take exactly one of publicKey, jwks, jwksUrl.
 */
export interface JwtAuthConfig {
  algorithm:
    | 'HS256'
    | 'HS384'
    | 'HS512'
    | 'RS256'
    | 'RS384'
    | 'RS512'
    | 'PS256'
    | 'PS384'
    | 'PS512'
    | 'ES256'
    | 'ES384'
    | 'ES512'
    | 'EdDSA'
  /**
   * HMAC secret (at least 32 characters).
   */
  secret?: string
  /**
   * SPKI PEM public key.
   */
  publicKey?: string
  /**
   * An inline JSON Web Key Set.
   */
  jwks?: {keys: Array<Record<string, unknown>>}
  /**
   * Where to fetch the JSON Web Key Set (cached, refetched for unknown kids): https, or plain http on this host only (keys fetched over a network in clear would be anyone's on the path).
   */
  jwksUrl?: string
  /**
   * Required aud claim. Required with jwks or jwksUrl: an identity provider's keys sign tokens for other services too.
   */
  audience?: string
  /**
   * Required iss claim.
   */
  issuer?: string
  clockToleranceSeconds: number
  /**
   * Refuse tokens without an exp claim.
   */
  requireExpiry: boolean
}
/**
 * The admin API for pay-per-view and limits: entitlements, balances, sessions. Off unless enabled; callers send Authorization: Bearer <token>.
 */
export interface AdminConfig {
  enabled: boolean
  prefix: string
  /**
   * Bearer secret of the admin API.
   */
  token?: string
}
/**
 * The operator console: a web page with live decisions, counts, explain, stream keys and viewers. Off unless enabled; signing in takes the admin token or a JWT valid for controlApi.jwt.
 */
export interface ConsoleConfig {
  enabled: boolean
  /**
   * Path the console is served under.
   */
  prefix: string
  /**
   * How long a sign-in lasts (and a JWT sign-in never outlasts its token's expiry).
   */
  sessionMinutes: number
  /**
   * Mark the session cookie Secure on every answer, for a console served over HTTPS by a proxy in front of streamgate (which then sees plain HTTP). Without it, only when streamgate itself serves HTTPS.
   */
  secureCookie: boolean
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
