import { SignJWT } from 'jose'
import { errors } from '../errors.js'
import type { StreamgateConfig } from '../generated/config.js'

export type KeyAction = 'create' | 'rotate' | 'revoke'

const ROUTES: Record<KeyAction, (name: string) => string> = {
  create: name => `/v1/streams/${encodeURIComponent(name)}`,
  rotate: name => `/v1/streams/${encodeURIComponent(name)}/rotate`,
  revoke: name => `/v1/streams/${encodeURIComponent(name)}/revoke`
}

const WHY = 'the memory store lives inside the running streamgate, so a key kept by this command would never reach it'

/** Where the server this config starts can be reached from this machine. */
export function serverUrl ({ host, port }: StreamgateConfig['server']): string {
  if (port === 0) throw new errors.OptionInvalid(`${WHY}, and server.port is 0 (a free port chosen at start): set a port, or use store.type: redis`)
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`
}

/** A short-lived token for the running server's control API, signed with the config's own HMAC secret. */
async function cliToken (jwt: NonNullable<StreamgateConfig['controlApi']['jwt']>): Promise<string> {
  if (jwt.secret === undefined) throw new errors.OptionInvalid(`${WHY}; its control API takes ${jwt.algorithm} tokens this command cannot sign: call /v1/streams with your own token, or use store.type: redis`)
  let token = new SignJWT({ sub: 'streamgate-cli' }).setProtectedHeader({ alg: jwt.algorithm }).setIssuedAt().setExpirationTime('60s')
  if (jwt.audience !== undefined) token = token.setAudience(jwt.audience)
  if (jwt.issuer !== undefined) token = token.setIssuer(jwt.issuer)
  return await token.sign(new TextEncoder().encode(jwt.secret))
}

/**
 * Runs a key action on the running streamgate through its control API (/v1/streams), for a config whose
 * store is memory. Resolves to the key issued, if any; rejects with a message fit for the operator.
 */
export async function keysThroughServer (config: StreamgateConfig, action: KeyAction, name: string): Promise<string | undefined> {
  const { controlApi } = config
  if (!controlApi.enabled || controlApi.jwt === undefined) {
    throw new errors.OptionInvalid(`${WHY}. Enable controlApi (with a jwt secret) in this config so this command asks the running server, or use store.type: redis`)
  }
  const base = serverUrl(config.server)
  const authorization = `Bearer ${await cliToken(controlApi.jwt)}`
  let res: Response
  try {
    res = await fetch(base + ROUTES[action](name), { method: 'POST', headers: { authorization }, signal: AbortSignal.timeout(5000) })
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name
    throw new errors.ServerUnreachable(`no streamgate answers at ${base} (${cause}): start it with this config first (${WHY} otherwise)`)
  }
  const body = res.status === 204 ? {} : await res.json().catch(() => ({})) as { key?: string, error?: string }
  if (!res.ok) throw new errors.ServerUnreachable(`${base} answered ${res.status}: ${body.error ?? 'no reason given'}`)
  return body.key
}
