import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { abstain, defineRule, deny, redirect } from 'streamgate'

interface Options {
  /** While this file exists, playback is refused (path relative to the config file). */
  flagFile: string
  /** Send viewers to this stub stream instead of refusing them. */
  stub?: string
  /** How long a look at the flag file is reused, in milliseconds. */
  checkEveryMs?: number
}

/**
 * Maintenance switch: `touch maintenance.flag` sends every viewer to a stub stream (or refuses them),
 * removing the file lets the next rules decide again. Shows the whole rule contract: an id, the reasons it
 * gives, an options schema validated at boot, a factory that may refuse options, and a rule that abstains.
 */
export default defineRule<Options>({
  id: 'maintenance',
  reasons: ['maintenance', 'not-in-maintenance'],
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['flagFile'],
    properties: {
      flagFile: { type: 'string', minLength: 1 },
      stub: { type: 'string', minLength: 1 },
      checkEveryMs: { type: 'integer', minimum: 0, default: 1000 }
    }
  },
  create ({ flagFile, stub, checkEveryMs = 1000 }, { baseDir }) {
    const path = resolve(baseDir, flagFile)
    let checkedAt = -Infinity
    let active = false
    return {
      evaluate () {
        const now = Date.now()
        if (now - checkedAt >= checkEveryMs) {
          active = existsSync(path)
          checkedAt = now
        }
        if (!active) return abstain('not-in-maintenance')
        return stub === undefined ? deny('maintenance') : redirect(stub, 'maintenance')
      }
    }
  }
})
