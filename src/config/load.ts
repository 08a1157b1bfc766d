import { readFile } from 'node:fs/promises'
import { dirname, extname, resolve } from 'node:path'
import { configInvalid, errors } from '../errors.js'
import { checkPublishPolicy } from './publish-policy.js'
import { adapterRegistry } from '../adapters/index.js'
import type { StreamgateConfig } from '../generated/config.js'
import type { AdapterDefinition } from '../core/adapter.js'
import { compileOnce, configAjv, formatErrors, SCHEMA_BASE } from '../schemas.js'
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

export interface ResolveOptions {
  /** Adapters beyond the built-ins: their sections under `adapters:` are validated against their own schemas. */
  adapters?: ReadonlyArray<AdapterDefinition>
}

/** Takes the sections of the given adapters out of `adapters:`, validated (defaults filled in) against their schemas. */
function adapterSections (config: unknown, adapters: ReadonlyArray<AdapterDefinition>, problems: string[]): Record<string, unknown> {
  if (adapters.length === 0) return {}
  const holder = (config !== null && typeof config === 'object' ? config : {}) as { adapters?: unknown }
  const sections = holder.adapters !== null && typeof holder.adapters === 'object' ? holder.adapters as Record<string, unknown> : {}
  const keys = new Set(adapters.map(a => a.configKey))
  if (holder.adapters === sections) holder.adapters = Object.fromEntries(Object.entries(sections).filter(([key]) => !keys.has(key)))
  const taken: Record<string, unknown> = {}
  for (const { configKey, configSchema } of adapters) {
    const section = Object.hasOwn(sections, configKey) ? sections[configKey] : {}
    const validate = compileOnce(configAjv, configSchema)
    if (!validate(section)) problems.push(...formatErrors(validate.errors, `/adapters/${configKey}`))
    taken[configKey] = section
  }
  return taken
}

/**
 * Turns a parsed config object into a validated, frozen one: substitutes environment placeholders,
 * fills in defaults, and reports every problem at once.
 */
export function resolveConfig (raw: unknown, env: NodeJS.ProcessEnv = process.env, { adapters = [] }: ResolveOptions = {}): Readonly<StreamgateConfig> {
  const problems: string[] = []
  const substituted = substituteEnv(raw, env, problems)
  const extra = adapterSections(substituted, adapters, problems)
  if (validateConfig === undefined) throw new errors.InstallBroken('the config schema is missing')
  if (!validateConfig(substituted)) problems.push(...formatErrors(validateConfig.errors, ''))
  if (problems.length > 0) throw configInvalid(problems)
  Object.assign((substituted as StreamgateConfig).adapters, extra)
  checkPublishPolicy(substituted as StreamgateConfig, adapterRegistry(adapters))
  return deepFreeze(substituted as StreamgateConfig)
}

/** Reads a YAML or JSON config file and resolves it. */
export async function loadConfigFile (path: string, env: NodeJS.ProcessEnv = process.env, options: ResolveOptions = {}): Promise<LoadedConfig> {
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
  return { config: resolveConfig(raw, env, options), baseDir: dirname(absolute), path: absolute }
}
