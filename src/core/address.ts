import { BlockList, isIP, isIPv4, isIPv6, SocketAddress } from 'node:net'
import IPCIDR from 'ip-cidr'
import { errors } from '../errors.js'
import { memoize } from './memo.js'

const MAPPED_V4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/

function spellingOf (text: string): string | undefined {
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

/**
 * The one spelling of an IP address, so one host is one key wherever addresses are counted or compared:
 * IPv6 in its RFC 5952 form without a zone, an IPv4-mapped IPv6 address (`::ffff:1.2.3.4`) as the IPv4
 * address it carries. Undefined for anything that is no IP address. Remembered: adapters read every request's
 * address through it, and building a SocketAddress costs microseconds where a lookup costs nanoseconds.
 */
export const canonicalAddress = memoize(spellingOf, 4096)

const PREFIX = /^\d{1,3}$/

/**
 * Builds a native block list from addresses and CIDRs, read by Node's own address parser (ip-cidr reads an IPv6 range
 * written with a dotted quad, `::ffff:192.168.0.0/112`, as the lone IPv4 address 192.168.0.0); undefined when there
 * are none.
 */
export function compileRanges (entries: readonly string[], field: string): BlockList | undefined {
  if (entries.length === 0) return undefined
  const list = new BlockList()
  for (const entry of entries) {
    const [address = '', prefixText, ...rest] = entry.split('/')
    const family = address.includes('%') ? 0 : isIP(address)
    const bits = family === 4 ? 32 : 128
    const prefix = prefixText === undefined ? bits : PREFIX.test(prefixText) ? Number(prefixText) : NaN
    if (family === 0 || rest.length > 0 || !(prefix <= bits)) throw new errors.OptionInvalid(`${field}: "${entry}" is not an IP address or CIDR`)
    list.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6')
  }
  return list
}

export function matches (list: BlockList, ip: string): boolean {
  return list.check(ip, isIPv4(ip) ? 'ipv4' : 'ipv6')
}

/** `203.0.113.7` with prefix 24 → `203.0.113.0/24`. */
export function ipPrefix (ip: string, prefix: number): string {
  // ip-cidr reads an IPv6 address written with a dotted quad as the IPv4 address in it
  if (isIPv6(ip) && ip.includes('.')) throw new errors.OptionInvalid(`"${ip}": write an IPv6 address in hex, or an IPv4 one as such, to give it a prefix`)
  const cidr = `${ip}/${prefix}`
  if (!IPCIDR.isValidCIDR(cidr)) throw new errors.OptionInvalid(`"${cidr}" is not an address with a valid prefix length`)
  return `${new IPCIDR(cidr).start<string>()}/${prefix}`
}
