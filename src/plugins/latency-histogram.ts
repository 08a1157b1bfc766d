import type { MetricValueWithName, Registry } from 'prom-client'

interface Series {
  /** Non-cumulative: counts[i] observations fell in (bounds[i-1], bounds[i]]; the last slot is +Inf. */
  counts: number[]
  sum: number
  count: number
}

/**
 * A Prometheus histogram with one label, `adapter`, registered on a prom-client registry. Observing is a map
 * lookup and a few additions: prom-client's own histogram validates and hashes its labels on every call, which
 * showed in the decision path's profile. Buckets are made cumulative at scrape time.
 */
export class LatencyHistogram {
  readonly type = 'histogram' as const
  readonly aggregator = 'sum' as const
  readonly #series = new Map<string, Series>()

  constructor (readonly name: string, readonly help: string, readonly bounds: readonly number[], registry: Registry) {
    registry.registerMetric(this as never)
  }

  observe ({ adapter }: { adapter: string }, seconds: number): void {
    let series = this.#series.get(adapter)
    if (series === undefined) {
      series = { counts: new Array<number>(this.bounds.length + 1).fill(0), sum: 0, count: 0 }
      this.#series.set(adapter, series)
    }
    const bucket = this.bounds.findIndex(bound => seconds <= bound)
    const slot = bucket === -1 ? this.bounds.length : bucket
    series.counts[slot] = (series.counts[slot] ?? 0) + 1
    series.sum += seconds
    series.count++
  }

  async get (): Promise<{ name: string, help: string, type: 'histogram', aggregator: 'sum', values: Array<MetricValueWithName<string>> }> {
    const values: Array<MetricValueWithName<string>> = []
    for (const [adapter, { counts, sum, count }] of this.#series) {
      let cumulative = 0
      counts.forEach((n, slot) => {
        cumulative += n
        values.push({ metricName: `${this.name}_bucket`, labels: { le: slot < this.bounds.length ? this.bounds[slot] : '+Inf', adapter }, value: cumulative })
      })
      values.push({ metricName: `${this.name}_sum`, labels: { adapter }, value: sum })
      values.push({ metricName: `${this.name}_count`, labels: { adapter }, value: count })
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values }
  }
}
