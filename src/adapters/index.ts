import type { AdapterDefinition } from '../core/adapter.js'
import { errors } from '../errors.js'
import { mediamtxAdapter } from './mediamtx/adapter.js'
import { icecastAdapter } from './icecast/adapter.js'
import { nginxAuthRequestAdapter } from './nginx-auth-request/adapter.js'
import { nginxRtmpAdapter } from './nginx-rtmp/adapter.js'
import { nimbleAdapter } from './nimble/adapter.js'
import { nimblePublishAdapter } from './nimble-publish/adapter.js'
import { srsAdapter } from './srs/adapter.js'
import { omeAdapter } from './ovenmediaengine/adapter.js'

/** The built-in adapters: a new media server is its folder and one line here. */
export const builtinAdapters: ReadonlyArray<AdapterDefinition> = [
  nimbleAdapter,
  nginxAuthRequestAdapter,
  nginxRtmpAdapter,
  nimblePublishAdapter,
  mediamtxAdapter,
  srsAdapter,
  icecastAdapter,
  omeAdapter
]

/** The built-ins and the given ones; throws when two share an id or a config section. */
export function adapterRegistry (extra: ReadonlyArray<AdapterDefinition> = []): ReadonlyArray<AdapterDefinition> {
  const all = [...builtinAdapters, ...extra]
  const ids = new Set<string>()
  const keys = new Set<string>()
  for (const { id, configKey } of all) {
    if (ids.has(id) || keys.has(configKey)) throw new errors.AdapterDuplicate(ids.has(id) ? id : configKey)
    ids.add(id)
    keys.add(configKey)
  }
  return all
}
