import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { parse } from 'yaml'
import { packageRoot } from '../../src/paths.js'
import { buildTestApp, nimble, nimbleBody, oneChain } from '../helpers.js'

const dir = join(packageRoot, 'examples', 'observability')
/** Series Prometheus makes itself, not the service. */
const PROMETHEUS_OWN = new Set(['up'])
/** Labels Prometheus adds at scrape time, and the histogram bucket label. */
const SCRAPE_LABELS = new Set(['instance', 'job', 'le'])

interface Alert { alert: string, expr: string, labels: { severity: string }, annotations: { summary: string, description: string } }
const alerts = (parse(readFileSync(join(dir, 'alerts.yml'), 'utf8')) as { groups: Array<{ rules: Alert[] }> }).groups.flatMap(g => g.rules)
const dashboard = JSON.parse(readFileSync(join(dir, 'grafana-dashboard.json'), 'utf8')) as {
  uid: string
  panels: Array<{ title: string, targets: Array<{ expr: string }> }>
  templating: { list: Array<{ definition: string }> }
}
const queries = [
  ...alerts.map(a => ({ where: `alert ${a.alert}`, expr: a.expr })),
  ...dashboard.panels.flatMap(p => p.targets.map(q => ({ where: `panel "${p.title}"`, expr: q.expr }))),
  ...dashboard.templating.list.map(v => ({ where: 'dashboard variable', expr: v.definition }))
]

/** Metric names of a PromQL expression: identifiers followed by a selector, a range or an end, minus functions and keywords. */
function metricsIn (expr: string): string[] {
  return [...expr.matchAll(/\b([a-z_:][a-z0-9_:]*)\s*(?=\{|\[|\)|,|\s*$|\s+(?:>|<|==|and|or|offset|\*|\/))/g)]
    .map(m => m[1] ?? '')
    .filter(name => name.startsWith('streamgate_') || PROMETHEUS_OWN.has(name))
}

/** Label names an expression groups by or matches on. */
function labelsIn (expr: string): string[] {
  const grouped = [...expr.matchAll(/\b(?:by|without)\s*\(([^)]*)\)/g)].flatMap(m => (m[1] ?? '').split(','))
  const matched = [...expr.matchAll(/\{([^}]*)\}/g)].flatMap(m => [...(m[1] ?? '').matchAll(/([a-z_][a-z0-9_]*)\s*(?:=~|!~|!=|=)/g)].map(l => l[1] ?? ''))
  return [...grouped, ...matched].map(l => l.trim()).filter(l => l !== '')
}

const family = (name: string): string => name.replace(/_(bucket|sum|count)$/, '')

t.test('every metric and label the alerts and the dashboard use is one the service exports', async t => {
  const { app } = await buildTestApp(t, oneChain([{ rule: 'ip-range', options: { deny: ['203.0.113.0/24'] } }], { default: 'allow' }))
  await nimble(app, nimbleBody())
  await nimble(app, nimbleBody({ ip: '203.0.113.9' }))
  const scrape = await app.inject({ url: '/metrics' })
  t.equal(scrape.statusCode, 200)
  const exported = new Set(scrape.body.split('\n').filter(l => l.startsWith('# TYPE ')).map(l => l.split(' ')[2] ?? ''))
  t.ok(exported.has('streamgate_decisions_total'), 'the scrape is the real one')
  const samples = scrape.body.split('\n').filter(l => !l.startsWith('#'))

  let checked = 0
  for (const { where, expr } of queries) {
    const names = metricsIn(expr)
    t.ok(names.length > 0, `${where} names a metric`)
    const known = new Set(SCRAPE_LABELS)
    for (const name of names) {
      if (PROMETHEUS_OWN.has(name)) continue
      checked++
      t.ok(exported.has(family(name)) || exported.has(name), `${where}: ${name} is exported`)
      for (const label of (app.metrics.registry.getSingleMetric(family(name)) as { labelNames?: string[] } | undefined)?.labelNames ?? []) known.add(label)
      // collectors of the service's own (the latency histogram) show their labels in the scrape only
      for (const line of samples.filter(l => l.startsWith(`${family(name)}_`) || l.startsWith(`${name}{`))) for (const m of line.matchAll(/[{,]([a-zA-Z_]+)=/g)) known.add(m[1] ?? '')
    }
    if (names.every(n => PROMETHEUS_OWN.has(n))) continue
    for (const label of labelsIn(expr)) t.ok(known.has(label), `${where}: label ${label} exists on ${names.join(', ')}`)
  }
  t.ok(checked >= 20, `${checked} metric references checked`)
})

t.test('the alerts cover store errors, store data loss, deny-rate spikes and latency, each explained', async t => {
  const byMetric = (name: string) => alerts.filter(a => a.expr.includes(name))
  t.ok(byMetric('streamgate_store_errors_total').length > 0, 'store errors')
  t.ok(byMetric('streamgate_store_data_losses_total').length > 0, 'store data loss')
  t.ok(alerts.some(a => a.expr.includes('outcome="deny"') && a.expr.includes('offset')), 'deny rate against its usual level')
  t.ok(byMetric('streamgate_decision_duration_seconds_bucket').length > 0, 'latency')
  for (const a of alerts) {
    t.match(a.labels.severity, /^(warning|critical)$/, `${a.alert} severity`)
    t.ok(a.annotations.summary.length > 0 && a.annotations.description.length > 0, `${a.alert} says what and why`)
  }
  t.equal(dashboard.uid, 'streamgate')
})

t.test('the expression reader finds metrics and labels, so the check above cannot pass by reading nothing', async t => {
  t.same(metricsIn('sum by (le, adapter) (rate(streamgate_decision_duration_seconds_bucket{instance=~"$instance"}[5m])) > 0.05'), ['streamgate_decision_duration_seconds_bucket'])
  t.same(metricsIn('up{job="streamgate"} == 0'), ['up'])
  t.same(metricsIn('streamgate_process_resident_memory_bytes'), ['streamgate_process_resident_memory_bytes'])
  t.same(labelsIn('sum by (reason) (rate(streamgate_decisions_total{instance=~"$instance", outcome="deny"}[5m]))'), ['reason', 'instance', 'outcome'])
})
