/* Generated from schemas/admin/session-list.schema.json by scripts/gen-types.mjs. Do not edit. */

export interface AdminSessionList {
  viewer: string
  stream?: string
  sessions: {
    session: string
    expiresAt: string
  }[]
}
