/* Generated from schemas/control/livego-response.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * LiveGo's answer shape: status repeats the HTTP status; data is the key (get, reset), "Ok" (delete) or an error message.
 */
export interface LivegoResponse {
  status: number
  data: string
}
