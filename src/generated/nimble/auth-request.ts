/* Generated from schemas/nimble/auth-request.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * Nimble Streamer playback session authorization request (Auth handler URL). Unknown fields are accepted; both user-agent and user_agent occur; url may be a full URL or a path that host completes.
 */
export interface NimbleAuthRequest {
  host?: string | null
  url: string
  ip: string
  'user-agent'?: string | null
  user_agent?: string | null
  referer?: string | null
  session_id?: string | number | null
  /**
   * HLS, DASH, HDS, SMOOTH, PD, ICECAST, MPEGTS, SLDP, or a newer protocol name.
   */
  session_type?: string | null
}
