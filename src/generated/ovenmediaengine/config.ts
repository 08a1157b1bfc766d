/* Generated from schemas/ovenmediaengine/config.schema.json by scripts/gen-types.mjs. Do not edit. */

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
