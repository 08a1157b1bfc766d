/* Generated from schemas/nginx-auth-request/headers.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * Headers of an nginx auth_request subrequest (lower-case names). The subrequest carries the viewer's own headers (User-Agent, Referer, Cookie); the auth location adds the rest with proxy_set_header. Anything missing but X-Original-URI and a client address is read as empty.
 */
export interface NginxAuthRequestHeaders {
  /**
   * $request_uri: path and query as the viewer sent them. Required: without it the request is refused.
   */
  'x-original-uri'?: string
  /**
   * $request_method; GET when absent. GET and HEAD are play, any other method publish.
   */
  'x-original-method'?: string
  /**
   * $remote_addr: nginx's peer.
   */
  'x-real-ip'?: string
  /**
   * $proxy_add_x_forwarded_for: hops before nginx, then nginx's peer.
   */
  'x-forwarded-for'?: string
  /**
   * $host (proxy_pass would send the upstream's name otherwise).
   */
  host?: string
  'user-agent'?: string
  referer?: string
  /**
   * Parsed into AccessRequest.cookies; the session cookie becomes the session id.
   */
  cookie?: string
}
