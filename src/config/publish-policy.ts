import { errors } from '../errors.js'
import type { StreamgateConfig } from '../generated/config.js'

/**
 * Publish requests are decided by the policies like any other: when an adapter that receives them is on, some
 * policy must take them (match.action publish, or none), or every publisher would be refused with no-policy.
 */
export function checkPublishPolicy ({ adapters, policies }: StreamgateConfig): void {
  const receivers = [
    ...(adapters.nginxRtmp.enabled ? ['adapters.nginxRtmp'] : []),
    ...(adapters.nimblePublish.enabled ? ['adapters.nimblePublish'] : [])
  ]
  if (receivers.length === 0 || policies.some(p => p.match.action !== 'play')) return
  throw new errors.PublishPolicyMissing(receivers.join(' and '))
}
