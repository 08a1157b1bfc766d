import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { packageRoot } from '../../src/paths.js'
import { freePort } from '../helpers.js'
import { checkExpectations, readmeSteps, rewrite, runSteps } from './readme-helpers.js'

t.test('the README\'s quick start, as written: streamgate answers as Nimble expects and logs the decision it shows', async t => {
  const port = await freePort()
  const steps = rewrite(readmeSteps('nimble'), [
    // the test runs inside the installed tree: reinstalling would pull node_modules from under it
    [/^npm ci$/, ': npm ci skipped'],
    ['127.0.0.1:8080', `127.0.0.1:${port}`]
  ])
  t.ok(steps.some(s => /^npm start &/.test(s.command)), 'the server is started as the README says')
  t.ok(steps.filter(s => s.expect.length > 0).length >= 2, 'the README promises answers')
  const ran = await runSteps(t, steps, { env: { STREAMGATE_PORT: String(port) }, deadlineMs: 150_000 })
  checkExpectations(t, steps, ran)

  const shown = /log line such as\n`(\{.*"msg":"decision"\})`/.exec(readFileSync(join(packageRoot, 'README.md'), 'utf8'))
  t.ok(shown, 'the README shows a decision line')
  const { ms: _ms, ...promised } = JSON.parse(shown![1]!) as Record<string, unknown>
  const logged = (text: string) => text.split('\n').flatMap(line => {
    const at = line.indexOf('{"level"')
    return at === -1 ? [] : [JSON.parse(line.slice(at)) as Record<string, unknown>]
  }).filter(l => l.msg === 'decision' && Object.entries(promised).every(([k, v]) => l[k] === v))
  // pino writes the last line after the last curl has its answer
  const text = await ran.printed(/"reason":"ip-denied"[^\n]*"msg":"decision"/, 10_000)
  t.equal(logged(text).length, 1, 'the decision line the README shows was logged')
})
