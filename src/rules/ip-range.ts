import { LRUCache } from 'lru-cache'
import { compileRanges, matches } from '../core/address.js'
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
