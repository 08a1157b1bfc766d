import { useState } from 'preact/hooks'
import type { ConsoleViewer } from '../../../src/generated/console/viewer'
import { api, errorText } from '../api'
import { Notice, Section } from '../ui'

const duration = (seconds: number): string => {
  const sign = seconds < 0 ? '-' : ''
  const s = Math.abs(seconds)
  return `${sign}${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min ${s % 60} s`
}

type Kind = 'stream' | 'glob' | 'event'

export function ViewersView () {
  const [id, setId] = useState('')
  const [viewer, setViewer] = useState<ConsoleViewer>()
  const [kind, setKind] = useState<Kind>('stream')
  const [target, setTarget] = useState('')
  const [expires, setExpires] = useState('')
  const [seconds, setSeconds] = useState('3600')
  const [error, setError] = useState<string>()

  const path = (v: string): string => `api/viewers/${encodeURIComponent(v)}`
  const run = (promise: Promise<ConsoleViewer | undefined>): void => {
    setError(undefined)
    promise.then(answer => { if (answer !== undefined) setViewer(answer) }, (err: unknown) => setError(errorText(err)))
  }
  const reload = (v: string): Promise<ConsoleViewer> => api<ConsoleViewer>('GET', path(v))

  const lookUp = (event: Event): void => {
    event.preventDefault()
    run(reload(id.trim()))
  }
  const grant = (event: Event): void => {
    event.preventDefault()
    if (viewer === undefined) return
    run(api<ConsoleViewer>('POST', `${path(viewer.viewer)}/entitlements`, { [kind]: target, ...(expires === '' ? {} : { expiresAt: new Date(expires).toISOString() }) }))
    setTarget('')
  }
  const topUp = (event: Event): void => {
    event.preventDefault()
    if (viewer === undefined) return
    run(api<ConsoleViewer>('POST', `${path(viewer.viewer)}/balance`, { seconds: Number(seconds) }))
  }
  const endSession = (session: string, banSeconds: number) => (): void => {
    if (viewer === undefined) return
    run(api('DELETE', `${path(viewer.viewer)}/sessions/${encodeURIComponent(session)}?banSeconds=${banSeconds}`).then(() => reload(viewer.viewer)))
  }

  return (
    <>
      <Section title="Viewer">
        <form class="row" onSubmit={lookUp}>
          <label class="grow">Viewer id<input name="viewer" value={id} onInput={e => setId(e.currentTarget.value)} placeholder="acct-42" required /></label>
          <button type="submit">Look up</button>
        </form>
        <Notice error={error} />
      </Section>
      {viewer === undefined
        ? null
        : (
          <div class="grid" data-viewer={viewer.viewer}>
            <Section title="Balance">
              <p class="big" data-balance={viewer.balance.seconds}>{duration(viewer.balance.seconds)}</p>
              <p class="muted">{viewer.balance.bytes.toLocaleString()} bytes sent</p>
              <form class="row" onSubmit={topUp}>
                <label class="grow">Seconds (negative takes back)<input name="seconds" type="number" step="1" value={seconds} onInput={e => setSeconds(e.currentTarget.value)} required /></label>
                <button type="submit">Top up</button>
              </form>
            </Section>
            <Section title="Entitlements">
              <ul class="list">
                {viewer.entitlements.map(e => (
                  <li data-entitlement={e.stream ?? e.glob ?? e.event}>
                    <span class="tag">{e.stream !== undefined ? 'stream' : e.glob !== undefined ? 'glob' : 'event'}</span> {e.stream ?? e.glob ?? e.event}
                    <span class="muted"> · {e.expiresAt === undefined ? 'never expires' : `until ${new Date(e.expiresAt).toLocaleString()}`}</span>
                  </li>
                ))}
              </ul>
              {viewer.entitlements.length === 0 ? <p class="empty">None.</p> : null}
              <form class="row" onSubmit={grant}>
                <label>Kind<select name="kind" value={kind} onChange={e => setKind(e.currentTarget.value as Kind)}><option>stream</option><option>glob</option><option>event</option></select></label>
                <label class="grow">Target<input name="target" value={target} onInput={e => setTarget(e.currentTarget.value)} placeholder="live/final" required /></label>
                <label>Expires<input name="expires" type="datetime-local" value={expires} onInput={e => setExpires(e.currentTarget.value)} /></label>
                <button type="submit">Grant</button>
              </form>
            </Section>
            <Section title="Sessions">
              <table class="sessions">
                <thead><tr><th>session</th><th>held until</th><th /></tr></thead>
                <tbody>
                  {viewer.sessions.sessions.map(s => (
                    <tr data-session={s.session}>
                      <td>{s.session}</td>
                      <td>{new Date(s.expiresAt).toLocaleTimeString([], { hour12: false })}</td>
                      <td class="actions">
                        <button class="ghost" onClick={endSession(s.session, 0)}>End</button>
                        <button class="danger" onClick={endSession(s.session, 600)} title="End it and refuse it for 10 minutes">Kick</button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {viewer.sessions.sessions.length === 0 ? <p class="empty">No live session.</p> : null}
            </Section>
          </div>
          )}
    </>
  )
}
