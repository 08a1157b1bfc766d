import { readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import t from 'tap'
import { buildApp } from '../src/app.js'
import { loadConfigFile } from '../src/config/load.js'
import { packageRoot } from '../src/paths.js'
import webhook from '../examples/custom-adapter/webhook.js'

function yamlFiles (dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(e =>
    e.isDirectory() ? yamlFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : [])
}

// examples/observability holds Prometheus rules, checked by test/examples/observability.test.ts; mediamtx.yml is
// MediaMTX's config, checked against the README by test/e2e/readme-mediamtx.test.ts
const configs = yamlFiles(join(packageRoot, 'examples'))
  .filter(file => !file.includes(join('examples', 'observability')) && !file.endsWith(join('examples', 'mediamtx', 'mediamtx.yml')))
/** The secrets examples take from the environment without a default. */
const env = { STREAMGATE_JWT_SECRET: 'examples-test-secret-of-32-characters', STREAMGATE_HOOK_SECRET: 'a-hook-secret-for-the-examples', STREAMGATE_TOKEN_KEY: 'an-example-token-key-of-32-bytes', STREAMGATE_OME_SECRET: 'an-example-ome-admission-secret' }

/** Examples whose config has a section for their own adapter. */
const adaptersOf = (file: string) => file.includes(join('examples', 'custom-adapter')) ? [webhook] : []

t.ok(configs.length > 0)
for (const file of configs) {
  t.test(`${relative(packageRoot, file)} is a valid config whose rules build`, async t => {
    const adapters = adaptersOf(file)
    const { config, baseDir } = await loadConfigFile(file, env, { adapters })
    const app = await buildApp({ config: { ...config, log: { level: 'silent' } }, baseDir, adapters })
    await app.ready()
    await app.close()
    t.pass()
  })
}
