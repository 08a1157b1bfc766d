import { LRUCache } from 'lru-cache'
import UAParser from 'ua-parser-js'
import { verdictOf, type Verdict } from '../core/decision.js'
import { listVerdict } from '../core/list-verdict.js'
import { defineRule } from '../core/rule.js'
import type { UserAgentCriteria, UserAgentOptions } from '../generated/rules/user-agent.js'
import { schemaById } from '../schemas.js'

interface Parsed {
  browser: string
  os: string
  device: string
}

function parse (userAgent: string): Parsed {
  const result = new UAParser(userAgent).getResult()
  return {
    browser: (result.browser.name ?? '').toLowerCase(),
    os: (result.os.name ?? '').toLowerCase(),
    device: (result.device.type ?? 'desktop').toLowerCase()
  }
}

/** What is read of a User-Agent: ua-parser-js reads this much, and patterns too (a pattern like `.*bot.*` is quadratic in its length, and headers reach 8 KB). */
const READ_LENGTH = 500

type Matcher = (userAgent: string, parsed: Parsed) => boolean

function compileCriteria (criteria: UserAgentCriteria): Matcher | undefined {
  const lower = (names: readonly string[] = []): Set<string> => new Set(names.map(n => n.toLowerCase()))
  const browsers = lower(criteria.browsers)
  const os = lower(criteria.os)
  const devices = lower(criteria.devices)
  const patterns = (criteria.patterns ?? []).map(p => new RegExp(p, 'i'))
  if (browsers.size + os.size + devices.size + patterns.length === 0) return undefined
  return (userAgent, parsed) => browsers.has(parsed.browser) || os.has(parsed.os) || devices.has(parsed.device) ||
    patterns.some(p => p.test(userAgent))
}

export default defineRule<UserAgentOptions>({
  id: 'user-agent',
  optionsSchema: schemaById('rules/user-agent'),
  create (options) {
    const allow = compileCriteria(options.allow)
    const deny = compileCriteria(options.deny)
    // Parsing costs tens of microseconds and viewers repeat: remember verdicts per User-Agent.
    const cache = new LRUCache<string, Verdict>({ max: 5_000 })
    return {
      evaluate (request) {
        const userAgent = request.userAgent
        if (userAgent.trim() === '') return verdictOf(options.onMissing, 'user-agent-missing')
        const read = userAgent.length > READ_LENGTH ? userAgent.slice(0, READ_LENGTH) : userAgent
        let verdict = cache.get(read)
        if (verdict === undefined) {
          const parsed = parse(read)
          verdict = listVerdict('user-agent', deny?.(read, parsed) ?? false, allow?.(read, parsed), options)
          cache.set(read, verdict)
        }
        return verdict
      }
    }
  }
})
