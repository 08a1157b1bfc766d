import { verdictOf } from '../core/decision.js'
import { listVerdict } from '../core/list-verdict.js'
import { memoize } from '../core/memo.js'
import { defineRule } from '../core/rule.js'
import type { RefererOptions } from '../generated/rules/referer.js'
import { schemaById } from '../schemas.js'
import { errors } from '../errors.js'

type HostMatcher = (host: string) => boolean

/** The URL's host lower-cased, punycoded and without port or trailing dot; undefined when it has none. */
function hostOf (url: string): string | undefined {
  try {
    const hostname = new URL(url).hostname.replace(/\.$/, '')
    return hostname === '' ? undefined : hostname
  } catch {
    return undefined
  }
}

/** `*.example.com` matches every subdomain of example.com, not example.com itself. */
function compileHosts (entries: readonly string[], field: string): HostMatcher | undefined {
  if (entries.length === 0) return undefined
  const exact = new Set<string>()
  const suffixes: string[] = []
  for (const entry of entries) {
    const wildcard = entry.startsWith('*.')
    const host = hostOf(`http://${wildcard ? entry.slice(2) : entry}/`)
    if (host === undefined) throw new errors.OptionInvalid(`${field}: "${entry}" is not a host name`)
    if (wildcard) suffixes.push('.' + host)
    else exact.add(host)
  }
  return host => exact.has(host) || suffixes.some(suffix => host.endsWith(suffix))
}

export default defineRule<RefererOptions>({
  id: 'referer',
  optionsSchema: schemaById('rules/referer'),
  create (options) {
    const allow = compileHosts(options.allow, 'allow')
    const deny = compileHosts(options.deny, 'deny')
    // a page's viewers send the same Referer with every request
    const hostOfReferer = memoize(hostOf, 1024)
    return {
      evaluate (request) {
        const referer = request.referer.trim()
        if (referer === '') return verdictOf(options.onMissing, 'referer-missing')
        const host = hostOfReferer(referer)
        if (host === undefined) return verdictOf(options.onMalformed, 'referer-malformed')
        return listVerdict('referer', deny?.(host) === true, allow?.(host), options)
      }
    }
  }
})
