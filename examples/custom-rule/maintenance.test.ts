import { copyFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { buildApp, loadConfigFile } from 'streamgate'

const here = import.meta.dirname

async function appFrom (t: Test, dir: string) {
  const { config, baseDir } = await loadConfigFile(join(dir, 'config.yaml'), {})
  const app = await buildApp({ config: { ...config, log: { level: 'silent' } }, baseDir })
  t.teardown(() => app.close())
  return app
}

const ask = async (app: Awaited<ReturnType<typeof buildApp>>, ip = '198.51.100.1') => {
  const res = await app.inject({ method: 'POST', url: '/nimble/auth', payload: { url: 'http://tv.example.com/live/news/playlist.m3u8', ip } })
  return res.json<{ return_code: number, redirect_location?: string }>()
}

t.test('the example config loads the TypeScript rule and the flag file switches it', async t => {
  const dir = t.testdir({})
  for (const file of ['config.yaml', 'maintenance.ts']) copyFileSync(join(here, file), join(dir, file))
  const app = await appFrom(t, dir)

  t.same(await ask(app), { return_code: 200 }, 'no flag: the rule abstains, the policy default allows')
  t.same(await ask(app, '203.0.113.9'), { return_code: 403 }, 'the next rule still decides')

  writeFileSync(join(dir, 'maintenance.flag'), '')
  await new Promise(resolve => setTimeout(resolve, 1100))
  t.same(await ask(app), { return_code: 302, redirect_location: 'http://tv.example.com/live/maintenance/playlist.m3u8' })

  rmSync(join(dir, 'maintenance.flag'))
  await new Promise(resolve => setTimeout(resolve, 1100))
  t.same(await ask(app), { return_code: 200 })
})

t.test('options the schema refuses stop the boot', async t => {
  const dir = t.testdir({
    'config.yaml': 'policies:\n  - rules:\n      - use: ./maintenance.ts\n        options: { stub: 1 }\n'
  })
  copyFileSync(join(here, 'maintenance.ts'), join(dir, 'maintenance.ts'))
  await t.rejects(appFrom(t, dir), /options: must have required property 'flagFile'/)
})
