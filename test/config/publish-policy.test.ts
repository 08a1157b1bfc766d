import t from 'tap'
import { resolveConfig } from '../../src/config/load.js'
import { keyPolicy } from '../helpers.js'

const viewers = { name: 'viewers', match: { action: 'play' }, rules: [], default: 'allow' }
const config = (adapters: object, policies: unknown[]) => ({ adapters, policies })

t.test('with a publish adapter on, a config whose policies are all for play is refused at start-up', async t => {
  for (const adapters of [{ nginxRtmp: { enabled: true } }, { nimblePublish: { enabled: true } }, { nginxRtmp: { enabled: true }, nimblePublish: { enabled: true } }]) {
    t.throws(() => resolveConfig(config(adapters, [viewers]), {}), { code: 'SG_PUBLISH_POLICY_MISSING', message: /adapters\.(nginxRtmp|nimblePublish).*match: \{ action: publish \}/ }, JSON.stringify(adapters))
  }
})

t.test('a policy for publish, or for both actions, takes publishes; without a publish adapter nothing is needed', async t => {
  const nginxRtmp = { nginxRtmp: { enabled: true } }
  t.doesNotThrow(() => resolveConfig(config(nginxRtmp, [viewers, keyPolicy()]), {}))
  t.doesNotThrow(() => resolveConfig(config(nginxRtmp, [{ match: { app: 'live' }, rules: [] }]), {}), 'action unset: both')
  t.doesNotThrow(() => resolveConfig(config({ nimble: { enabled: true } }, [viewers]), {}), 'play adapters only')
})
