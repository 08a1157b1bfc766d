/* Generated from schemas/admin/session-query.schema.json by scripts/gen-types.mjs. Do not edit. */

export interface AdminSessionQuery {
  /**
   * app/stream, for sessions counted per stream (concurrent-sessions with perStream).
   */
  stream?: string
  /**
   * On delete: refuse the session for this long, so a re-authorizing player cannot take its place back; 0 only ends it.
   */
  banSeconds?: number
}
