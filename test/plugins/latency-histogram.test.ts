import t from 'tap'
import { Registry } from 'prom-client'
import { LatencyHistogram } from '../../src/plugins/latency-histogram.js'

t.test('buckets are cumulative per adapter, with +Inf, sum and count in the exposition format', async t => {
  const registry = new Registry()
  const histogram = new LatencyHistogram('test_seconds', 'Test latency', [0.001, 0.01], registry)
  for (const seconds of [0.0005, 0.001, 0.005, 0.5]) histogram.observe({ adapter: 'nimble' }, seconds)
  histogram.observe({ adapter: 'nginx' }, 0.02)
  const text = await registry.metrics()
  t.match(text, '# TYPE test_seconds histogram')
  t.match(text, 'test_seconds_bucket{le="0.001",adapter="nimble"} 2', 'a value on a bound counts in that bucket')
  t.match(text, 'test_seconds_bucket{le="0.01",adapter="nimble"} 3')
  t.match(text, 'test_seconds_bucket{le="+Inf",adapter="nimble"} 4')
  t.match(text, 'test_seconds_sum{adapter="nimble"} 0.5065')
  t.match(text, 'test_seconds_count{adapter="nimble"} 4')
  t.match(text, 'test_seconds_bucket{le="0.01",adapter="nginx"} 0')
  t.match(text, 'test_seconds_bucket{le="+Inf",adapter="nginx"} 1')
  t.throws(() => new LatencyHistogram('test_seconds', 'again', [1], registry), /already been registered/, 'one name per registry')
})
