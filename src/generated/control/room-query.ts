/* Generated from schemas/control/room-query.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * LiveGo control API query: ?room=<public name> (jwt may carry the token).
 */
export interface RoomQuery {
  room?: string
  jwt?: string
}
