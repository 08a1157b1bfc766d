/* Generated from schemas/console/config.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * The operator console: a web page with live decisions, counts, explain, stream keys and viewers. Off unless enabled; signing in takes the admin token or a JWT valid for controlApi.jwt.
 */
export interface ConsoleConfig {
  enabled: boolean
  /**
   * Path the console is served under.
   */
  prefix: string
  /**
   * How long a sign-in lasts (and a JWT sign-in never outlasts its token's expiry).
   */
  sessionMinutes: number
  /**
   * Mark the session cookie Secure on every answer, for a console served over HTTPS by a proxy in front of streamgate (which then sees plain HTTP). Without it, only when streamgate itself serves HTTPS.
   */
  secureCookie: boolean
}
