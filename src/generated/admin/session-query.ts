/* Generated from schemas/admin/session-query.schema.json by scripts/gen-types.mjs. Do not edit. */

export interface AdminSessionQuery {
  /**
   * app/stream, for sessions counted per stream (concurrent-sessions with perStream). A delete without it ends only a place counted per viewer (404 when there is none and no ban is asked).
   */
  stream?: string
  /**
   * On delete: refuse the session for this long, on every stream, so a re-authorizing player cannot take its place back; 0 only ends it. A kick answers 204 once the ban is in place, whether or not a place was ended at once: one counted per stream, when stream is not given, ends at the session's next authorization.
   */
  banSeconds?: number
}
