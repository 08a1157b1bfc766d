import type { AdapterConfigBase, AdapterDefinition } from '../core/adapter.js'
import { errors } from '../errors.js'
import type { StreamgateConfig } from '../generated/config.js'

/**
 * Publish requests are decided by the policies like any other: when an adapter that receives them is on, some
 * policy must take them (match.action publish, or none), or every publisher would be refused with no-policy.
 */
export function checkPublishPolicy ({ adapters, policies }: StreamgateConfig, registry: ReadonlyArray<AdapterDefinition>): void {
  const sections = adapters as Readonly<Record<string, AdapterConfigBase | undefined>>
  const receivers = registry.filter(a => a.publishes === true && sections[a.configKey]?.enabled === true).map(a => `adapters.${a.configKey}`)
  if (receivers.length === 0 || policies.some(p => p.match.action !== 'play')) return
  throw new errors.PublishPolicyMissing(receivers.join(' and '))
}
