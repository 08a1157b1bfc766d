import { isIP, SocketAddress } from 'node:net'

const MAPPED_V4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/

/**
 * The one spelling of an IP address, so one host is one key wherever addresses are counted or compared:
 * IPv6 in its RFC 5952 form without a zone, an IPv4-mapped IPv6 address (`::ffff:1.2.3.4`) as the IPv4
 * address it carries. Undefined for anything that is no IP address.
 */
export function canonicalAddress (text: string): string | undefined {
  const family = isIP(text)
  if (family === 0) return undefined
  let address: string
  try {
    address = new SocketAddress({ address: text, family: family === 4 ? 'ipv4' : 'ipv6' }).address
  } catch {
    return undefined
  }
  return MAPPED_V4.exec(address)?.[1] ?? address
}
