/** Visible ASCII and spaces: what a header value may hold without Node refusing it or a media server misreading it. */
const HEADER_SAFE = /^[\x20-\x7e]+$/

/** Whether a value (a redirect location from a rule, say) can be sent as a header as it is. */
export const isHeaderSafe = (value: string): boolean => HEADER_SAFE.test(value)

/**
 * A value for a header that only informs (the deciding rule and reason): every character it cannot hold
 * percent-encoded as UTF-8, so a rule an operator named "Büro-Netz ✓" cannot make Node refuse the answer mid-send.
 */
export const headerValue = (value: string): string => isHeaderSafe(value)
  ? value
  // through a Buffer, a lone surrogate becomes U+FFFD, which encodeURIComponent does not throw on
  : Buffer.from(value, 'utf8').toString('utf8').replace(/[^\x20-\x7e]+/g, encodeURIComponent)
