/* Generated from schemas/control/stream-name.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * A public stream name: safe in an RTMP name, an HLS path and a Location header.
 */
export type StreamName = string
