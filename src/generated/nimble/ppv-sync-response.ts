/* Generated from schemas/nimble/ppv-sync-response.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * The viewer ids Nimble must cut off, and the answer to the request's Puzzle that proves the handler knows the token.
 */
export interface NimblePpvSyncResponse {
  DenyList: {
    ID: string[]
  }
  Solution: string
}
