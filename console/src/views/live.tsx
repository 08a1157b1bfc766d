import { useEffect, useState } from 'preact/hooks'
import type { ConsoleFeedEvent } from '../../../src/generated/console/feed-event'
import type { ConsoleFeedQuery } from '../../../src/generated/console/feed-query'
import { api } from '../api'
import { Outcome, Section, time } from '../ui'

type Decision = ConsoleFeedEvent['decisions'][number]
type Filters = Required<ConsoleFeedQuery>

const KEEP = 500
const empty: Filters = { outcome: '', adapter: '', stream: '', reason: '', ip: '' }

const query = (filters: Filters): string =>
  new URLSearchParams(Object.entries(filters).filter(([, value]) => value !== '')).toString()

export function LiveView () {
  const [filters, setFilters] = useState<Filters>(empty)
  const [rows, setRows] = useState<Decision[]>([])
  const [dropped, setDropped] = useState(0)
  const [state, setState] = useState<'connecting' | 'live' | 'retrying'>('connecting')

  useEffect(() => {
    setRows([])
    setDropped(0)
    setState('connecting')
    const source = new EventSource(`api/decisions?${query(filters)}`)
    source.onopen = () => setState('live')
    source.onerror = () => {
      setState('retrying')
      // the browser gives up on a 401 (session over, or streamgate restarted): the API call sends us to sign in
      if (source.readyState === EventSource.CLOSED) api('GET', 'api/counts').catch(() => undefined)
    }
    source.onmessage = message => {
      const event = JSON.parse(message.data as string) as ConsoleFeedEvent
      setRows(current => [...event.decisions.reverse(), ...current].slice(0, KEEP))
      if (event.dropped > 0) setDropped(n => n + event.dropped)
    }
    source.addEventListener('signed-out', () => {
      source.close()
      location.replace('sign-in.html')
    })
    return () => source.close()
  }, [query(filters)])

  const set = (name: keyof Filters) => (event: Event): void => {
    const { value } = event.currentTarget as HTMLInputElement
    setFilters(current => ({ ...current, [name]: value }))
  }
  const pick = (name: keyof Filters, value: string | undefined) => (): void => setFilters(current => ({ ...current, [name]: value ?? '' }))

  return (
    <Section title="Live decisions" aside={<span class={`status ${state}`} data-state={state}>{state}{dropped > 0 ? ` · ${dropped} not shown (too many)` : ''}</span>}>
      <form class="filters" onSubmit={e => e.preventDefault()}>
        <label>Outcome
          <select name="outcome" value={filters.outcome} onChange={set('outcome')}>
            <option value="">any</option><option>allow</option><option>deny</option><option>redirect</option>
          </select>
        </label>
        <label>Adapter<input name="adapter" value={filters.adapter} onChange={set('adapter')} placeholder="nimble" /></label>
        <label>App/stream<input name="stream" value={filters.stream} onChange={set('stream')} placeholder="live/" /></label>
        <label>Reason<input name="reason" value={filters.reason} onChange={set('reason')} placeholder="ip-denied" /></label>
        <label>Address<input name="ip" value={filters.ip} onChange={set('ip')} placeholder="203.0.113." /></label>
        <button type="button" class="ghost" onClick={() => setFilters(empty)}>Clear</button>
      </form>
      <table class="feed">
        <thead><tr><th>time</th><th>outcome</th><th>adapter</th><th>app/stream</th><th>address</th><th>rule</th><th>reason</th><th class="num">ms</th></tr></thead>
        <tbody>
          {rows.map(d => (
            <tr data-outcome={d.outcome} data-reason={d.reason} data-ip={d.ip}>
              <td>{time(d.at)}</td>
              <td><Outcome outcome={d.outcome} />{d.action === 'publish' ? <span class="tag">publish</span> : null}</td>
              <td><a onClick={pick('adapter', d.adapter)}>{d.adapter}</a></td>
              <td>{d.app === undefined ? d.stream ?? '' : `${d.app}/${d.stream ?? ''}`}</td>
              <td><a onClick={pick('ip', d.ip)}>{d.ip}</a></td>
              <td>{d.rule}</td>
              <td><a onClick={pick('reason', d.reason)}>{d.reason}</a></td>
              <td class="num">{d.ms.toFixed(2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 ? <p class="empty">No decision yet{query(filters) === '' ? '' : ' matches these filters'}. New ones appear here as they are made.</p> : null}
    </Section>
  )
}
