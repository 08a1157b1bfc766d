import { readFile } from 'node:fs/promises'
import { dirname, extname, resolve } from 'node:path'
import { configInvalid, errors } from '../errors.js'
import { checkPublishPolicy } from './publish-policy.js'
import type { StreamgateConfig } from '../generated/config.js'
import { configAjv, formatErrors, SCHEMA_BASE } from '../schemas.js'
import { substituteEnv } from './env.js'
import { parseConfigText } from './parse.js'
import { deepFreeze } from './freeze.js'

export interface LoadedConfig {
  config: Readonly<StreamgateConfig>
  /** Folder that relative paths in the config are resolved against. */
  baseDir: string
  path?: string
}

const validateConfig = configAjv.getSchema(SCHEMA_BASE + 'config.schema.json')

/**
 * Turns a parsed config object into a validated, frozen one: substitutes environment placeholders,
 * fills in defaults, and reports every problem at once.
 */
export function resolveConfig (raw: unknown, env: NodeJS.ProcessEnv = process.env): Readonly<StreamgateConfig> {
  const problems: string[] = []
  const substituted = substituteEnv(raw, env, problems)
  if (validateConfig === undefined) throw new errors.InstallBroken('the config schema is missing')
  if (!validateConfig(substituted)) problems.push(...formatErrors(validateConfig.errors, ''))
  if (problems.length > 0) throw configInvalid(problems)
  checkPublishPolicy(substituted as StreamgateConfig)
  return deepFreeze(substituted as StreamgateConfig)
}

/** Reads a YAML or JSON config file and resolves it. */
export async function loadConfigFile (path: string, env: NodeJS.ProcessEnv = process.env): Promise<LoadedConfig> {
  const absolute = resolve(path)
  let text: string
  try {
    text = await readFile(absolute, 'utf8')
  } catch (err) {
    throw new errors.ConfigUnreadable(absolute, (err as Error).message)
  }
  let raw: unknown
  try {
    raw = parseConfigText(text, extname(absolute) === '.json' ? 'json' : 'yaml')
  } catch (err) {
    throw new errors.ConfigUnreadable(absolute, (err as Error).message)
  }
  return { config: resolveConfig(raw, env), baseDir: dirname(absolute), path: absolute }
}
