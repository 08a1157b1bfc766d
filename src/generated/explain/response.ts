/* Generated from schemas/explain/response.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * The decision a message would get, and each rule's answer on the way.
 */
export interface ExplainResponse {
  adapter: string
  /**
   * The message as streamgate's AccessRequest (absent when the adapter refused the message).
   */
  request?: {
    action?: string
    protocol?: string
    host?: string
    url?: {
      href?: string
      path?: string
      app?: string
      stream?: string
      query?: {
        [k: string]: string
      }
    }
    ip?: string
    userAgent?: string
    referer?: string
    sessionId?: string
  }
  decision: {
    outcome: 'allow' | 'deny' | 'redirect'
    location?: string
    rule: string
    reason: string
    policy: string
    /**
     * The viewer or publisher the rules identified.
     */
    subject?: string
    /**
     * Seconds the session may last: the shortest any rule gave.
     */
    lifetime?: number
    /**
     * Publish: the public stream name the rules gave.
     */
    stream?: string
  }
  trace: {
    rule: string
    outcome: 'allow' | 'deny' | 'redirect' | 'abstain' | 'error'
    reason: string
    subject?: string
    lifetime?: number
    stream?: string
  }[]
}
