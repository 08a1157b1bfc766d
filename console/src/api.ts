/** Calls the console API; a lost session sends the operator back to the sign-in page. */
export class ApiError extends Error {
  constructor (readonly status: number, message: string) {
    super(message)
  }
}

export async function api<T = unknown> (method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { 'x-streamgate-console': '1', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  if (res.status === 401) {
    location.replace('sign-in.html')
    throw new ApiError(401, 'signed out')
  }
  if (!res.ok) {
    const detail = await res.json().catch(() => ({})) as { message?: string, error?: string }
    throw new ApiError(res.status, detail.message ?? detail.error ?? `HTTP ${res.status}`)
  }
  return (res.status === 204 ? undefined : await res.json()) as T
}

export const errorText = (err: unknown): string => err instanceof Error ? err.message : String(err)
