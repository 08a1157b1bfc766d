import { LRUCache } from 'lru-cache'
import { canonicalAddress, compileRanges, matches } from '../core/address.js'
import { deny as denied } from '../core/decision.js'
import { listVerdict } from '../core/list-verdict.js'
import { defineRule } from '../core/rule.js'
import type { IpRangeOptions } from '../generated/rules/ip-range.js'
import { schemaById } from '../schemas.js'

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
          const ip = canonicalAddress(request.ip)
          // no address is in no range: a deny list would let it through
          if (ip === undefined) return denied('bad-address')
          verdict = listVerdict('ip', deny !== undefined && matches(deny, ip), allow === undefined ? undefined : matches(allow, ip), options)
          cache.set(request.ip, verdict)
        }
        return verdict
      }
    }
  }
})
