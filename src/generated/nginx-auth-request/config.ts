/* Generated from schemas/nginx-auth-request/config.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * nginx auth_request subrequests: the original request comes in headers (X-Original-URI, X-Original-Method, X-Real-IP, X-Forwarded-For, Host, User-Agent, Referer, Cookie) and is answered with no body: 204 allow, denyStatus deny, 401 with X-Redirect-Location for a redirect.
 */
export interface NginxAuthRequestAdapterConfig {
  enabled: boolean
  /**
   * Route the auth location's proxy_pass points at.
   */
  path: string
  /**
   * Status of a deny; nginx passes 401 and 403 on to the viewer (with 401, the error_page recipe tells a deny from a redirect by X-Redirect-Location).
   */
  denyStatus: 403 | 401
  /**
   * Which address headers the auth location sets; only those are read, since auth_request passes the viewer's own headers on and proxy_set_header replaces only the ones it names. both (the recipe: proxy_set_header X-Real-IP $remote_addr; and proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;): X-Real-IP must be X-Forwarded-For's last entry, so a header a viewer made up where nginx sets only the other is refused; the hops are X-Forwarded-For's entries. x-real-ip (X-Real-IP alone): the client is X-Real-IP; only when that is a trusted proxy does the walk go on leftwards through X-Forwarded-For. x-forwarded-for (X-Forwarded-For alone): the hops are its entries, X-Real-IP is ignored. A header the setting names that is missing is refused (no-client-ip).
   */
  addressHeader: 'both' | 'x-real-ip' | 'x-forwarded-for'
  /**
   * Addresses or CIDRs of proxies in front of nginx (load balancers, CDNs). Walking the hops addressHeader names from the right, the client is the first address not in this list (the leftmost when all are). Empty: the client is nginx's own peer ($remote_addr), the last hop.
   */
  trustedProxies: string[]
  /**
   * Cookie whose value becomes the request's session id: each key fetch of a session is one pay-per-minute metering window.
   */
  sessionCookie: string
  /**
   * Path prefixes of DASH trees: .m4s and .mp4 under them are DASH (a .mpd is DASH anywhere), elsewhere HTTP.
   */
  dashPrefixes: string[]
  /**
   * How X-Original-URI becomes the path decided on. nginx: as nginx builds $uri (decode once, merge slashes, resolve . and ..), which is the file nginx serves. strict: refuse every path two servers could read differently (dot and empty segments, encoded slashes, backslashes, double encoding, trailing dots); use it when the location passes the request on with proxy_pass, which sends the raw URI to another server.
   */
  pathRules: 'nginx' | 'strict'
  /**
   * Send the decision's rule and reason in an X-Streamgate-Reason header (auth_request_set can log it).
   */
  reasonHeader: boolean
}
