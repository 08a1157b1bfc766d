import { shownPath } from './shown-keys.js'

const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g

/**
 * Replaces `${VAR}` and `${VAR:-default}` in every string of a parsed config. Unset variables without a
 * default are collected into `problems` with their path, so all of them are reported at once.
 */
export function substituteEnv (value: unknown, env: NodeJS.ProcessEnv, problems: string[], path = ''): unknown {
  if (typeof value === 'string') {
    return value.replace(PLACEHOLDER, (whole, name: string, fallback: string | undefined) => {
      const found = env[name]
      if (found !== undefined && found !== '') return found
      if (fallback !== undefined) return fallback
      problems.push(`${shownPath(path) || '/'}: environment variable ${name} is not set`)
      return whole
    })
  }
  if (Array.isArray(value)) return value.map((item, i) => substituteEnv(item, env, problems, `${path}/${i}`))
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteEnv(v, env, problems, `${path}/${k}`)]))
  }
  return value
}
