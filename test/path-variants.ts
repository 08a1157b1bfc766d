import type { PathRefusalReason } from '../src/core/canonical-path.js'

/**
 * Ways to ask for the protected stream hls/vip-2 (or to hide it behind the public hls/free) that an attacker
 * would try. `nginx` is the path nginx serves ($uri, checked against real nginx by the e2e test) or the reason
 * streamgate refuses it; `nginxRefuses` marks requests nginx itself answers 400 before any location runs.
 * `strict` is what strict rules (Nimble) make of it.
 */
export type PathOutcome = `/${string}` | PathRefusalReason

export interface PathVariant {
  target: string
  nginx: PathOutcome
  nginxRefuses?: true
  strict: PathOutcome
}

export const VIP = '/hls/vip-2/index.m3u8' as const
export const FREE = '/hls/free/index.m3u8' as const

export const PATH_VARIANTS: readonly PathVariant[] = [
  { target: VIP, nginx: VIP, strict: VIP },
  { target: FREE, nginx: FREE, strict: FREE },
  { target: '/hls/free/..%2Fvip-2/index.m3u8', nginx: VIP, strict: 'path-encoded-separator' },
  { target: '/hls/%2Fvip-2/index.m3u8', nginx: VIP, strict: 'path-encoded-separator' },
  { target: '//hls/vip-2/index.m3u8', nginx: VIP, strict: 'path-empty-segment' },
  { target: '/hls//vip-2/index.m3u8', nginx: VIP, strict: 'path-empty-segment' },
  { target: '/%2Fhls/vip-2/index.m3u8', nginx: VIP, strict: 'path-encoded-separator' },
  { target: '/hls/x/..%2Fvip-2/index.m3u8', nginx: VIP, strict: 'path-encoded-separator' },
  { target: 'http://media.example.com//hls/vip-2/index.m3u8', nginx: VIP, strict: 'path-empty-segment' },
  { target: '/hls/free/../vip-2/index.m3u8', nginx: VIP, strict: 'path-dot-segment' },
  { target: '/hls/./vip-2/index.m3u8', nginx: VIP, strict: 'path-dot-segment' },
  { target: '/hls/%2E/vip-2/index.m3u8', nginx: VIP, strict: 'path-dot-segment' },
  { target: '/hls/free/%2E%2E/vip-2/index.m3u8', nginx: VIP, strict: 'path-dot-segment' },
  { target: '/hls/free/%2e%2e%2fvip-2%2findex.m3u8', nginx: VIP, strict: 'path-encoded-separator' },
  { target: '/hls/../hls/vip-2/index.m3u8', nginx: VIP, strict: 'path-dot-segment' },
  { target: '/hls/free/../../hls/vip-2/index.m3u8', nginx: VIP, strict: 'path-dot-segment' },
  { target: '/hls/vip-2/./index.m3u8', nginx: VIP, strict: 'path-dot-segment' },
  { target: '/hls/vip%2D2/index.m3u8', nginx: VIP, strict: VIP },
  { target: '/hls/%76ip-2/index%2Em3u8', nginx: VIP, strict: VIP },
  { target: '/hls/vip-2%2F%2E%2E%2Ffree/index.m3u8', nginx: FREE, strict: 'path-encoded-separator' },
  { target: '/hls/vip-2/index.m3u8#/../../free/index.m3u8', nginx: VIP, strict: VIP },
  { target: '/../hls/vip-2/index.m3u8', nginx: 'path-above-root', nginxRefuses: true, strict: 'path-dot-segment' },
  { target: '/hls/free/../../../hls/vip-2/index.m3u8', nginx: 'path-above-root', nginxRefuses: true, strict: 'path-dot-segment' },
  { target: '/hls/vip-2%00/index.m3u8', nginx: 'path-nul', nginxRefuses: true, strict: 'path-nul' },
  { target: '/hls/free%00/../vip-2/index.m3u8', nginx: 'path-nul', nginxRefuses: true, strict: 'path-nul' },
  { target: '/hls/vip-2/index.m3u8%', nginx: 'path-bad-encoding', nginxRefuses: true, strict: 'path-bad-encoding' },
  { target: '/hls/vip-2/index.m3u8%G0', nginx: 'path-bad-encoding', nginxRefuses: true, strict: 'path-bad-encoding' },
  { target: '/hls/%252Fvip-2/index.m3u8', nginx: '/hls/%2Fvip-2/index.m3u8', strict: 'path-double-encoding' },
  { target: '/hls/free/..%252Fvip-2/index.m3u8', nginx: '/hls/free/..%2Fvip-2/index.m3u8', strict: 'path-double-encoding' },
  { target: '/hls/%2576ip-2/index.m3u8', nginx: '/hls/%76ip-2/index.m3u8', strict: 'path-double-encoding' },
  { target: '/hls\\vip-2\\index.m3u8', nginx: '/hls\\vip-2\\index.m3u8', strict: 'path-backslash' },
  { target: '/hls/free\\..\\vip-2/index.m3u8', nginx: '/hls/free\\..\\vip-2/index.m3u8', strict: 'path-backslash' },
  { target: '/hls/%5Cvip-2/index.m3u8', nginx: '/hls/\\vip-2/index.m3u8', strict: 'path-encoded-separator' },
  { target: '/hls/vip-2./index.m3u8', nginx: '/hls/vip-2./index.m3u8', strict: 'path-trailing-dot' },
  { target: '/hls/free./index.m3u8', nginx: '/hls/free./index.m3u8', strict: 'path-trailing-dot' },
  { target: '/hls/vip-2/index.m3u8.', nginx: '/hls/vip-2/index.m3u8.', strict: 'path-trailing-dot' },
  { target: '/HLS/vip-2/index.m3u8', nginx: '/HLS/vip-2/index.m3u8', strict: '/HLS/vip-2/index.m3u8' },
  { target: '/hls/VIP-2/index.m3u8', nginx: '/hls/VIP-2/index.m3u8', strict: '/hls/VIP-2/index.m3u8' },
  { target: '/hls/vip-2/INDEX.M3U8', nginx: '/hls/vip-2/INDEX.M3U8', strict: '/hls/vip-2/INDEX.M3U8' },
  { target: '/hls/vip-2/index.m3u8%3Ftoken=x', nginx: '/hls/vip-2/index.m3u8?token=x', strict: '/hls/vip-2/index.m3u8?token=x' },
  { target: '/hls/vip-2/index.m3u8/.', nginx: '/hls/vip-2/index.m3u8/', strict: 'path-dot-segment' },
  { target: '/hls/%C0%AFvip-2/index.m3u8', nginx: 'path-bad-encoding', strict: 'path-bad-encoding' },
  { target: '/hls/vip-2%0A/index.m3u8', nginx: 'path-control-char', strict: 'path-control-char' },
  { target: '/hls/vip-2;/index.m3u8', nginx: '/hls/vip-2;/index.m3u8', strict: '/hls/vip-2;/index.m3u8' }
]

/** The request target with a query added (before any fragment). */
export function withQuery (target: string, query: string): string {
  const hash = target.indexOf('#')
  return hash === -1 ? `${target}?${query}` : `${target.slice(0, hash)}?${query}${target.slice(hash)}`
}

/** hls/vip-* needs a native token (key id web1); every other stream is public. */
export function variantPolicies (tokenKey: string): unknown[] {
  return [
    {
      name: 'vip',
      match: { app: 'hls', stream: 'vip-*' },
      rules: [{ rule: 'signed-token', options: { scheme: 'native', keys: [{ id: 'web1', secret: tokenKey }], onMissing: 'deny', onInvalid: 'deny' } }],
      default: 'deny',
      onError: 'deny'
    },
    { name: 'public', rules: [], default: 'allow' }
  ]
}
