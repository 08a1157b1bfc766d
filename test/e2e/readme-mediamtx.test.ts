import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { packageRoot } from '../../src/paths.js'
import { freePort } from '../helpers.js'
import { checkExpectations, readmeSteps, rewrite, runSteps } from './readme-helpers.js'

t.test('the README\'s MediaMTX section, as written: 401 without credentials, 200 with a signed URL', async t => {
  const port = await freePort()
  const steps = rewrite(readmeSteps('mediamtx'), [['127.0.0.1:8080', `127.0.0.1:${port}`]])
  t.equal(steps.filter(s => s.expect.length > 0).length, 2, 'the README promises both answers')
  const ran = await runSteps(t, steps, { env: { STREAMGATE_PORT: String(port) }, deadlineMs: 150_000 })
  checkExpectations(t, steps, ran)
})

t.test('the mediamtx.yml the README shows is the example\'s, word for word', async t => {
  const readme = readFileSync(join(packageRoot, 'README.md'), 'utf8')
  const shown = /## MediaMTX[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1]
  t.ok(shown?.includes('authMethod: http'), 'the README shows the MediaMTX side')
  t.ok(readFileSync(join(packageRoot, 'examples/mediamtx/mediamtx.yml'), 'utf8').endsWith(shown ?? '-'), 'examples/mediamtx/mediamtx.yml ends with it')
})
