import { BlockList, isIPv4 } from 'node:net'
import IPCIDR from 'ip-cidr'
import { LRUCache } from 'lru-cache'
import { listVerdict } from '../core/list-verdict.js'
import { defineRule } from '../core/rule.js'
import type { IpRangeOptions } from '../generated/rules/ip-range.js'
import { schemaById } from '../schemas.js'
import { errors } from '../errors.js'

/** Builds a native block list from addresses and CIDRs, validated and normalized by ip-cidr. */
export function compileRanges (entries: readonly string[], field: string): BlockList | undefined {
  if (entries.length === 0) return undefined
  const list = new BlockList()
  for (const entry of entries) {
    const cidr = entry.includes('/') ? entry : `${entry}/${isIPv4(entry) ? 32 : 128}`
    if (!IPCIDR.isValidCIDR(cidr)) throw new errors.OptionInvalid(`${field}: "${entry}" is not an IP address or CIDR`)
    const parsed = new IPCIDR(cidr)
    const family = isIPv4(parsed.start<string>()) ? 'ipv4' : 'ipv6'
    list.addSubnet(parsed.start<string>(), parsed.address.subnetMask, family)
  }
  return list
}

export function matches (list: BlockList, ip: string): boolean {
  return list.check(ip, isIPv4(ip) ? 'ipv4' : 'ipv6')
}

export default defineRule<IpRangeOptions>({
  id: 'ip-range',
  optionsSchema: schemaById('rules/ip-range'),
  create (options) {
    const allow = compileRanges(options.allow, 'allow')
    const deny = compileRanges(options.deny, 'deny')
    const cache = new LRUCache<string, ReturnType<typeof listVerdict>>({ max: 10_000 })
    return {
      evaluate (request) {
        let verdict = cache.get(request.ip)
        if (verdict === undefined) {
          verdict = listVerdict('ip',
            deny !== undefined && matches(deny, request.ip),
            allow === undefined ? undefined : matches(allow, request.ip),
            options)
          cache.set(request.ip, verdict)
        }
        return verdict
      }
    }
  }
})
