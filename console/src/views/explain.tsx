import { useState } from 'preact/hooks'
import type { ExplainResponse } from '../../../src/generated/explain/response'
import { api, errorText } from '../api'
import { Notice, Outcome, Section } from '../ui'

const ADAPTERS = ['nimble', 'nginx-auth-request', 'nginx-rtmp']

/** The message each media server would send for a viewer opening this URL from this address. */
function messageFor (adapter: string, href: string, ip: string): unknown {
  const url = new URL(href, 'http://localhost')
  if (adapter === 'nginx-auth-request') return { 'x-original-uri': url.pathname + url.search, host: url.host, 'x-real-ip': ip, 'x-forwarded-for': ip }
  if (adapter === 'nginx-rtmp') {
    const [app = '', ...name] = url.pathname.split('/').filter(s => s !== '')
    return { call: 'play', app, name: name.join('/'), addr: ip, tcurl: `rtmp://${url.host}/${app}`, args: url.search.slice(1) }
  }
  return { url: url.href, host: url.host, ip, ...sessionType(url) }
}

/** Nimble names the protocol in session_type; a URL shows it by its extension. */
function sessionType (url: URL): { session_type?: string } {
  if (url.pathname.endsWith('.m3u8')) return { session_type: 'HLS' }
  if (url.pathname.endsWith('.mpd')) return { session_type: 'DASH' }
  return url.protocol === 'rtmp:' ? { session_type: 'RTMP' } : {}
}

type Explained = ExplainResponse & { decision: ExplainResponse['decision'] & { lifetime?: number } }

export function ExplainView () {
  const [adapter, setAdapter] = useState('nimble')
  const [mode, setMode] = useState<'url' | 'message'>('url')
  const [href, setHref] = useState('http://media.example.com/live/stream/playlist.m3u8')
  const [ip, setIp] = useState('203.0.113.9')
  const [raw, setRaw] = useState('{\n  "url": "http://media.example.com/live/stream/playlist.m3u8",\n  "ip": "203.0.113.9"\n}')
  const [result, setResult] = useState<Explained>()
  const [error, setError] = useState<string>()

  const submit = (event: Event): void => {
    event.preventDefault()
    setError(undefined)
    let message: unknown
    try {
      message = mode === 'url' ? messageFor(adapter, href, ip) : JSON.parse(raw)
    } catch (err) {
      setError(`Not ${mode === 'url' ? 'a URL' : 'JSON'}: ${errorText(err)}`)
      return
    }
    api<Explained>('POST', 'api/explain', { adapter, message }).then(setResult, (err: unknown) => { setResult(undefined); setError(errorText(err)) })
  }

  const { decision } = result ?? {}
  return (
    <>
      <Section title="Explain a request">
        <form class="explain" onSubmit={submit}>
          <label>Adapter
            <input name="adapter" list="adapters" value={adapter} onInput={e => setAdapter(e.currentTarget.value)} required />
            <datalist id="adapters">{ADAPTERS.map(a => <option value={a} />)}</datalist>
          </label>
          <fieldset class="mode">
            <label><input type="radio" name="mode" checked={mode === 'url'} onChange={() => setMode('url')} /> URL and address</label>
            <label><input type="radio" name="mode" checked={mode === 'message'} onChange={() => setMode('message')} /> media-server message (JSON)</label>
          </fieldset>
          {mode === 'url'
            ? (
              <div class="row">
                <label class="grow">URL<input name="url" value={href} onInput={e => setHref(e.currentTarget.value)} required /></label>
                <label>Address<input name="ip" value={ip} onInput={e => setIp(e.currentTarget.value)} required /></label>
              </div>
              )
            : <label>Message<textarea name="message" rows={8} value={raw} onInput={e => setRaw(e.currentTarget.value)} spellcheck={false} /></label>}
          <button type="submit">Explain</button>
        </form>
        <Notice error={error} />
      </Section>
      {result === undefined || decision === undefined
        ? null
        : (
          <Section title="Decision">
            <div class="decision" data-outcome={decision.outcome}>
              <Outcome outcome={decision.outcome} />
              <dl>
                <dt>policy</dt><dd>{decision.policy}</dd>
                <dt>rule</dt><dd>{decision.rule}</dd>
                <dt>reason</dt><dd>{decision.reason}</dd>
                {decision.location === undefined ? null : <><dt>location</dt><dd>{decision.location}</dd></>}
                {decision.lifetime === undefined ? null : <><dt>lifetime</dt><dd data-lifetime>{decision.lifetime} s</dd></>}
                {result.request === undefined ? null : <><dt>request</dt><dd>{result.request.action} {result.request.url?.app}/{result.request.url?.stream} from {result.request.ip}{result.request.protocol === undefined ? '' : ` over ${result.request.protocol}`}</dd></>}
              </dl>
            </div>
            <h3>Every rule's answer, in order</h3>
            {result.trace.length === 0
              ? <p class="empty">No rule ran: the adapter refused the message itself ({decision.reason}).</p>
              : (
                <table class="trace">
                  <thead><tr><th>#</th><th>rule</th><th>answer</th><th>reason</th></tr></thead>
                  <tbody>
                    {result.trace.map((entry, i) => (
                      <tr data-rule={entry.rule} data-outcome={entry.outcome} class={entry.rule === decision.rule && entry.outcome === decision.outcome ? 'decided' : ''}>
                        <td class="num">{i + 1}</td><td>{entry.rule}</td><td><Outcome outcome={entry.outcome} /></td><td>{entry.reason}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                )}
          </Section>
          )}
    </>
  )
}
