import { listVerdict } from '../core/list-verdict.js'
import { defineRule } from '../core/rule.js'
import type { ProtocolOptions } from '../generated/rules/protocol.js'
import { schemaById } from '../schemas.js'

const upperSet = (names: readonly string[]): ReadonlySet<string> => new Set(names.map(name => name.toUpperCase()))

export default defineRule<ProtocolOptions>({
  id: 'protocol',
  optionsSchema: schemaById('rules/protocol'),
  create (options) {
    const allow = upperSet(options.allow)
    const deny = upperSet(options.deny)
    return {
      evaluate (request) {
        const protocol = request.protocol.toUpperCase()
        return listVerdict('protocol', deny.has(protocol), allow.size === 0 ? undefined : allow.has(protocol), options)
      }
    }
  }
})
