import { useEffect, useState } from 'preact/hooks'
import type { StreamList } from '../../../src/generated/control/stream-list'
import type { StreamKeyResponse as KeyResponse } from '../../../src/generated/control/key-response'
import { api, errorText } from '../api'
import { Notice, Section, time } from '../ui'

export function KeysView () {
  const [streams, setStreams] = useState<StreamList['streams']>([])
  const [name, setName] = useState('')
  const [issued, setIssued] = useState<KeyResponse>()
  const [error, setError] = useState<string>()

  const load = (): void => {
    api<StreamList>('GET', 'api/streams').then(list => setStreams(list.streams), (err: unknown) => setError(errorText(err)))
  }
  useEffect(() => {
    load()
    const timer = setInterval(load, 5000)
    return () => clearInterval(timer)
  }, [])

  const act = (method: string, path: string, showsKey = false) => (): void => {
    setError(undefined)
    api<KeyResponse | undefined>(method, path).then(answer => {
      if (showsKey && answer !== undefined) setIssued(answer)
      load()
    }, (err: unknown) => setError(errorText(err)))
  }
  const create = (event: Event): void => {
    event.preventDefault()
    act('POST', `api/streams/${encodeURIComponent(name)}`, true)()
    setName('')
  }

  return (
    <>
      {issued === undefined
        ? null
        : (
          <section class="card issued" role="status">
            <p>New key for <strong>{issued.name}</strong>. Copy it now: it is stored hashed and will not be shown again.</p>
            <code class="key" data-key>{issued.key}</code>
            <div class="row">
              <button onClick={() => { navigator.clipboard.writeText(issued.key).catch(() => undefined) }}>Copy</button>
              <button class="ghost" onClick={() => setIssued(undefined)}>Done</button>
            </div>
          </section>
          )}
      <Section title="Stream keys">
        <form class="row" onSubmit={create}>
          <label class="grow">New stream<input name="name" value={name} onInput={e => setName(e.currentTarget.value)} placeholder="studio-1" required pattern="[A-Za-z0-9][A-Za-z0-9_.\-]{0,127}" /></label>
          <button type="submit">Create key</button>
        </form>
        <Notice error={error} />
        <table class="keys">
          <thead><tr><th>stream</th><th>key</th><th>status</th><th>publisher</th><th /></tr></thead>
          <tbody>
            {streams.map(s => (
              <tr data-stream={s.name}>
                <td>{s.name}</td>
                <td>{s.hasKey ? 'set' : <span class="muted">revoked</span>}</td>
                <td>
                  {s.banned ? <span class="badge deny">banned</span> : null}
                  {s.live ? <span class="badge live" title={s.liveAt}>live since {time(s.liveAt ?? Date.now())}</span> : <span class="muted">offline</span>}
                </td>
                <td>{s.publisherIp ?? ''}</td>
                <td class="actions">
                  <button onClick={act('POST', `api/streams/${encodeURIComponent(s.name)}/rotate`, true)}>{s.hasKey ? 'Rotate' : 'New key'}</button>
                  <button class="ghost" disabled={!s.hasKey} onClick={act('POST', `api/streams/${encodeURIComponent(s.name)}/revoke`)}>Revoke</button>
                  {s.banned
                    ? <button class="ghost" onClick={act('POST', `api/streams/${encodeURIComponent(s.name)}/unban`)}>Unban</button>
                    : <button class="danger" onClick={act('POST', `api/streams/${encodeURIComponent(s.name)}/ban`)}>Ban</button>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {streams.length === 0 ? <p class="empty">No stream has a key yet.</p> : null}
      </Section>
    </>
  )
}
