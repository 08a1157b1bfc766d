/* Generated from schemas/mediamtx/auth-request.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * MediaMTX's external HTTP authentication request (mediamtx.yml authHTTPAddress; MediaMTX README, Authentication, HTTP-based). Unknown fields are accepted for newer versions; older versions send no token and id is null for api, metrics and pprof. path is a MediaMTX path name: alphanumerics and _ . ~ - / : only, as MediaMTX itself requires, so it holds no encoded character.
 */
export interface MediamtxAuthRequest {
  user?: string
  password?: string
  token?: string
  ip: string
  action: 'publish' | 'read' | 'playback' | 'api' | 'metrics' | 'pprof'
  path: string
  /**
   * rtsp, rtmp, hls, webrtc, srt (upper-cased for the protocol rule); empty for api, metrics and pprof.
   */
  protocol: string
  id?: string | null
  /**
   * The client's User-Agent (MediaMTX 1.19 and later), empty where its protocol has none.
   */
  userAgent?: string
  /**
   * The raw query string, without its ?; MediaMTX never sends a fragment, so a # in it is refused.
   */
  query?: string
}
