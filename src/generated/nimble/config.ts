/* Generated from schemas/nimble/config.schema.json by scripts/gen-types.mjs. Do not edit. */

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
