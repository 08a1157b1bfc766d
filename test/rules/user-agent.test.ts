import t from 'tap'
import { buildTestApp, nimble, nimbleBody, oneChain } from '../helpers.js'

const UA = {
  chromeWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  firefoxLinux: 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
  safariIphone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
  chromeAndroid: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.43 Mobile Safari/537.36',
  ipad: 'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1',
  smartTv: 'Mozilla/5.0 (SMART-TV; Linux; Tizen 6.0) AppleWebKit/538.1 (KHTML, like Gecko) Version/6.0 TV Safari/538.1',
  curl: 'curl/8.4.0',
  vlc: 'VLC/3.0.20 LibVLC/3.0.20',
  ffmpeg: 'Lavf/59.27.100'
}

const status = async (app: Awaited<ReturnType<typeof buildTestApp>>['app'], ua: string) =>
  (await nimble(app, nimbleBody({ 'user-agent': ua }))).status

t.test('deny by browser, OS, device type and regex', async t => {
  const { app, logs } = await buildTestApp(t, oneChain([{
    rule: 'user-agent',
    options: { deny: { browsers: ['firefox'], os: ['Android'], devices: ['smarttv'], patterns: ['^curl/', 'lavf'] } }
  }], { default: 'allow' }))
  t.equal(await status(app, UA.chromeWindows), 200)
  t.equal(await status(app, UA.firefoxLinux), 403, 'browser')
  t.equal(await status(app, UA.chromeAndroid), 403, 'os')
  t.equal(await status(app, UA.smartTv), 403, 'device type')
  t.equal(await status(app, UA.curl), 403, 'regex')
  t.equal(await status(app, UA.ffmpeg), 403, 'regex, case-insensitive')
  t.equal(await status(app, UA.vlc), 200)
  t.equal(await status(app, UA.safariIphone), 200)
  t.same(logs.lines.filter(l => l.msg === 'decision').map(l => `${String(l.rule)}:${String(l.reason)}`).slice(0, 2),
    ['default:all-abstained', 'user-agent:user-agent-denied'])
})

t.test('allow by device: desktop is what ua-parser names no device for', async t => {
  const { app } = await buildTestApp(t, oneChain([{ rule: 'user-agent', options: { allow: { devices: ['desktop', 'tablet'] } } }]))
  t.equal(await status(app, UA.chromeWindows), 200)
  t.equal(await status(app, UA.firefoxLinux), 200)
  t.equal(await status(app, UA.ipad), 200, 'tablet')
  t.equal(await status(app, UA.safariIphone), 403, 'mobile')
  t.equal(await status(app, UA.chromeAndroid), 403, 'mobile')
})

t.test('allow by browser name as ua-parser-js spells it, and players by pattern', async t => {
  const { app } = await buildTestApp(t, oneChain([{ rule: 'user-agent', options: { allow: { browsers: ['Mobile Safari', 'firefox'], patterns: ['^Lavf/', '^VLC/'] } } }]))
  t.equal(await status(app, UA.safariIphone), 200)
  t.equal(await status(app, UA.firefoxLinux), 200)
  t.equal(await status(app, UA.vlc), 200)
  t.equal(await status(app, UA.ffmpeg), 200)
  t.equal(await status(app, UA.chromeWindows), 403)
})

t.test('odd user agents: empty, very long, unicode, control characters', async t => {
  const { app } = await buildTestApp(t, oneChain([{ rule: 'user-agent', options: { deny: { patterns: ['bot'] } } }], { default: 'allow' }))
  t.equal(await status(app, ''), 200, 'empty abstains by default')
  t.equal(await status(app, 'x'.repeat(4000)), 200, 'long')
  t.equal(await status(app, 'x'.repeat(490) + 'bot' + 'x'.repeat(3000)), 403, 'long with a match in its first 500 characters')
  t.equal(await status(app, 'x'.repeat(3000) + 'bot'), 200, 'a match past them is not read, as ua-parser-js reads no further (a pattern like .*bot.* is quadratic in the length, and a client that pads its User-Agent could as well leave bot out)')
  t.equal(await status(app, 'Плеер/1.0 🎬'), 200, 'unicode')
  t.equal(await status(app, 'Mozilla/5.0\u0000\u0007 BOT'), 403, 'control characters')
  const strict = await buildTestApp(t, oneChain([{ rule: 'user-agent', options: { onMissing: 'deny' } }], { default: 'allow' }))
  t.equal(await status(strict.app, ''), 403)
  t.equal(strict.logs.lines.find(l => l.msg === 'decision')?.reason, 'user-agent-missing')
  t.equal(await status(strict.app, UA.vlc), 200, 'no criteria: abstain')
})

t.test('an invalid regex or device type stops the boot', async t => {
  await t.rejects(buildTestApp(t, oneChain([{ rule: 'user-agent', options: { deny: { patterns: ['(unclosed'] } } }])), /options\/deny\/patterns\/0: must match format "regex"/)
  await t.rejects(buildTestApp(t, oneChain([{ rule: 'user-agent', options: { allow: { devices: ['phone'] } } }])), /options\/allow\/devices\/0: must be equal to one of the allowed values/)
})
