import { SignJWT } from 'jose'
import { buildTestApp, oneChain, type TestApp } from '../../helpers.js'

export const SECRET = 'control-api-secret-of-32-characters!'

/** An app with the control API on, HS256 tokens for audience streamgate. */
export async function controlApp (t: Parameters<typeof buildTestApp>[0], store: object = { type: 'memory' }): Promise<TestApp> {
  return await buildTestApp(t, {
    ...(oneChain([]) as object),
    store,
    controlApi: { enabled: true, jwt: { algorithm: 'HS256', secret: SECRET, audience: 'streamgate' } }
  })
}

export async function adminToken (claims: Record<string, unknown> = {}, expiresAt: string | number = '5m'): Promise<string> {
  return await new SignJWT({ sub: 'ops', aud: 'streamgate', ...claims })
    .setProtectedHeader({ alg: 'HS256' }).setExpirationTime(expiresAt).sign(new TextEncoder().encode(SECRET))
}
