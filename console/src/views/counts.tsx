import { useEffect, useState } from 'preact/hooks'
import type { ConsoleCounts } from '../../../src/generated/console/counts'
import { api, errorText } from '../api'
import { Notice, Outcome, Section } from '../ui'

const OUTCOMES = ['allow', 'redirect', 'deny'] as const
const WIDTH = 900
const HEIGHT = 220
const LEFT = 44
const BOTTOM = 22
const TOP = 10

interface Column { start: number, allow: number, redirect: number, deny: number }

/** 90 columns of bucketSeconds ending now, empty ones included, so time runs at an even pace. */
function columns ({ now, bucketSeconds, buckets }: ConsoleCounts): Column[] {
  const step = bucketSeconds * 1000
  const last = now - (now % step)
  const byStart = new Map(buckets.map(b => [b.start, b]))
  return Array.from({ length: 90 }, (_, i) => {
    const start = last - (89 - i) * step
    const column: Column = { start, allow: 0, redirect: 0, deny: 0 }
    for (const c of byStart.get(start)?.counts ?? []) if (c.outcome in column) column[c.outcome as typeof OUTCOMES[number]] += c.count
    return column
  })
}

/** A round maximum for the y axis: 1, 2 or 5 times a power of ten. */
function niceMax (value: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(value, 1)))
  return [1, 2, 5, 10].map(f => f * power).find(m => m >= value) ?? 10 * power
}

function Chart ({ data }: { data: ConsoleCounts }) {
  const cols = columns(data)
  const max = niceMax(Math.max(...cols.map(c => c.allow + c.redirect + c.deny)))
  const plotW = WIDTH - LEFT
  const plotH = HEIGHT - BOTTOM - TOP
  const barW = plotW / cols.length
  const y = (n: number): number => TOP + plotH - (n / max) * plotH
  return (
    <svg class="chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label="Decisions per 10 seconds over the last 15 minutes, by outcome">
      {[0, 0.5, 1].map(f => (
        <g>
          <line x1={LEFT} x2={WIDTH} y1={y(max * f)} y2={y(max * f)} class="grid" />
          <text x={LEFT - 6} y={y(max * f) + 4} class="axis" text-anchor="end">{max * f}</text>
        </g>
      ))}
      {cols.map((c, i) => {
        let base = 0
        return (
          <g>
            {OUTCOMES.map(outcome => {
              const n = c[outcome]
              if (n === 0) return null
              const top = y(base + n)
              const height = y(base) - top
              base += n
              return <rect x={LEFT + i * barW + 1} y={top} width={barW - 2} height={height} class={`bar ${outcome}`}><title>{`${new Date(c.start).toLocaleTimeString([], { hour12: false })}: ${n} ${outcome}`}</title></rect>
            })}
          </g>
        )
      })}
      {[0, 30, 60, 89].map(i => (
        <text x={i === 89 ? WIDTH : LEFT + i * barW + barW / 2} y={HEIGHT - 6} class="axis" text-anchor={i === 89 ? 'end' : 'middle'}>{i === 89 ? 'now' : `-${Math.round((89 - i) * data.bucketSeconds / 60)} min`}</text>
      ))}
    </svg>
  )
}

function Reasons ({ data }: { data: ConsoleCounts }) {
  const totals = new Map<string, { outcome: string, reason: string, count: number }>()
  for (const bucket of data.buckets) {
    for (const c of bucket.counts) {
      const key = `${c.outcome}\0${c.reason}`
      const entry = totals.get(key)
      if (entry === undefined) totals.set(key, { ...c })
      else entry.count += c.count
    }
  }
  const rows = [...totals.values()].sort((a, b) => b.count - a.count).slice(0, 12)
  const top = rows[0]?.count ?? 1
  if (rows.length === 0) return <p class="empty">No decision in the last 15 minutes.</p>
  return (
    <table class="reasons">
      <tbody>
        {rows.map(r => (
          <tr data-reason={r.reason}>
            <td><Outcome outcome={r.outcome} /></td>
            <td>{r.reason}</td>
            <td class="meter"><span class={`fill ${r.outcome}`} style={{ width: `${(r.count / top) * 100}%` }} /></td>
            <td class="num">{r.count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function CountsView () {
  const [data, setData] = useState<ConsoleCounts>()
  const [error, setError] = useState<string>()
  useEffect(() => {
    const load = (): void => {
      api<ConsoleCounts>('GET', 'api/counts').then(d => { setData(d); setError(undefined) }, (err: unknown) => setError(errorText(err)))
    }
    load()
    const timer = setInterval(load, 5000)
    return () => clearInterval(timer)
  }, [])
  const total = (outcome: string): number => data?.buckets.reduce((n, b) => n + b.counts.filter(c => c.outcome === outcome).reduce((m, c) => m + c.count, 0), 0) ?? 0
  return (
    <>
      <Section title="Decisions, last 15 minutes" aside={<span class="legend">{OUTCOMES.map(o => <span class={`swatch ${o}`} data-total={total(o)}>{o} {total(o)}</span>)}</span>}>
        <Notice error={error} />
        {data === undefined ? null : <Chart data={data} />}
      </Section>
      <Section title="By reason">
        {data === undefined ? null : <Reasons data={data} />}
      </Section>
    </>
  )
}
