import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { nimbleBody, oneChain, withKeys } from '../../helpers.js'

export const TOKEN = 'admin-token-0123456789'

/** A config with the console on: admin token, publishers by stream key, a chain that refuses 203.0.113.0/24 to viewers, the Nimble adapter. */
export const consoleConfig = (extra: Record<string, unknown> = {}): unknown => ({
  ...withKeys(oneChain([{ rule: 'ip-range', options: { deny: ['203.0.113.0/24'] } }], { default: 'allow' })) as object,
  admin: { enabled: true, token: TOKEN },
  console: { enabled: true },
  ...extra
})

/** Signs in with a bearer credential and returns the session cookie ("name=value"). */
export async function signIn (app: FastifyInstance, credential = TOKEN): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/console/api/session', headers: { authorization: `Bearer ${credential}`, 'x-streamgate-console': '1' } })
  if (res.statusCode !== 200) throw new Error(`sign-in answered ${res.statusCode}`)
  const cookie = res.cookies.find(c => c.name === 'streamgate_console')
  if (cookie === undefined) throw new Error('no session cookie')
  return `${cookie.name}=${cookie.value}`
}

/** A console API call as the page makes it: session cookie and the console header. */
export async function call (app: FastifyInstance, cookie: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown): Promise<LightMyRequestResponse> {
  return await app.inject({ method, url, headers: { cookie, 'x-streamgate-console': '1' }, ...(payload === undefined ? {} : { payload: payload as object }) })
}

export const refusedViewer = nimbleBody({ ip: '203.0.113.9' })
