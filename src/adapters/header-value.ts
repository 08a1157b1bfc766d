/** Visible ASCII and spaces: what a header value may hold without Node refusing it or a media server misreading it. */
const HEADER_SAFE = /^[\x20-\x7e]+$/

/** Whether a value (a redirect location from a rule, say) can be sent as a header as it is. */
export const isHeaderSafe = (value: string): boolean => HEADER_SAFE.test(value)
