import Fastify, { type FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import t from 'tap'
import adminPlugin from '../../src/api/admin/plugin.js'
import { adapterPlugin } from '../../src/adapters/host.js'
import { nginxRtmpAdapter } from '../../src/adapters/nginx-rtmp/adapter.js'
import { nimbleAdapter } from '../../src/adapters/nimble/adapter.js'
import { nimblePublishAdapter } from '../../src/adapters/nimble-publish/adapter.js'

const stub = (name: string) => fp(async () => {}, { name, fastify: '5.x' })

/** Registers `plugin` after stubs of every plugin named in `present`, and returns the error Fastify gives. */
type Plugin = Parameters<FastifyInstance['register']>[0]

async function registerWith (plugin: Plugin, present: string[]): Promise<Error | undefined> {
  const app = Fastify()
  for (const name of present) await app.register(stub(name))
  try {
    await app.register(plugin)
    return undefined
  } catch (err) {
    return err as Error
  } finally {
    await app.close()
  }
}

// each plugin with the decorators it uses from others: registered without one of them, it must fail at boot by name
const cases: Array<{ plugin: Plugin, name: string, uses: string[] }> = [
  { plugin: adminPlugin as Plugin, name: 'streamgate-admin', uses: ['streamgate-store', 'streamgate-admin-auth'] },
  { plugin: adapterPlugin(nimbleAdapter) as Plugin, name: 'streamgate-adapter-nimble', uses: ['streamgate-policy', 'streamgate-explain', 'streamgate-store'] },
  { plugin: adapterPlugin(nginxRtmpAdapter) as Plugin, name: 'streamgate-adapter-nginx-rtmp', uses: ['streamgate-policy', 'streamgate-explain', 'streamgate-publish'] },
  { plugin: adapterPlugin(nimblePublishAdapter) as Plugin, name: 'streamgate-adapter-nimble-publish', uses: ['streamgate-policy', 'streamgate-explain'] }
]

for (const { plugin, name, uses } of cases) {
  t.test(`${name} declares every plugin whose decorators it uses`, async t => {
    for (const missing of uses) {
      const err = await registerWith(plugin, uses.filter(u => u !== missing))
      t.match(err, { code: 'FST_ERR_PLUGIN_DEPENDENCY_NOT_REGISTERED', message: `The dependency '${missing}' of plugin '${name}' is not registered` }, `without ${missing}`)
    }
  })
}
