import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { packageRoot } from '../../src/paths.js'
import { freePort } from '../helpers.js'
import { checkExpectations, readmeSteps, rewrite, runSteps } from './readme-helpers.js'

t.test('the README\'s SRS section, as written: refused without a token, on with a signed one', async t => {
  const port = await freePort()
  const steps = rewrite(readmeSteps('srs'), [['127.0.0.1:8085', `127.0.0.1:${port}`]])
  t.equal(steps.filter(s => s.expect.length > 0).length, 2, 'the README promises both answers')
  const ran = await runSteps(t, steps, { env: { STREAMGATE_PORT: String(port) }, deadlineMs: 150_000 })
  checkExpectations(t, steps, ran)
})

t.test('the srs.conf the README shows is the example\'s, word for word', async t => {
  const readme = readFileSync(join(packageRoot, 'README.md'), 'utf8')
  const shown = /## SRS[\s\S]*?```nginx\n([\s\S]*?)```/.exec(readme)?.[1]
  t.ok(shown?.includes('http_hooks'), 'the README shows the SRS side')
  t.ok(readFileSync(join(packageRoot, 'examples/srs/srs.conf'), 'utf8').endsWith(shown ?? '-'), 'examples/srs/srs.conf ends with it')
})
