import { isAbsolute, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { errors } from '../errors.js'
import type { RuleDefinition } from './rule.js'

/** Rule definitions by id: the built-ins, plus whatever custom modules the config names. */
export class RuleRegistry {
  readonly #definitions = new Map<string, RuleDefinition>()

  constructor (definitions: Iterable<RuleDefinition<never>> = []) {
    for (const definition of definitions) this.register(definition)
  }

  register (definition: RuleDefinition<never>): void {
    if (this.#definitions.has(definition.id)) throw new errors.RuleDuplicate(definition.id)
    this.#definitions.set(definition.id, definition)
  }

  get (id: string): RuleDefinition {
    const definition = this.#definitions.get(id)
    if (definition === undefined) throw new errors.RuleUnknown(id)
    return definition
  }

  ids (): string[] {
    return [...this.#definitions.keys()]
  }
}

function isRuleDefinition (value: unknown): value is RuleDefinition {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return typeof v.id === 'string' && v.id.length > 0 && typeof v.create === 'function' &&
    typeof v.optionsSchema === 'object' && v.optionsSchema !== null
}

/**
 * Loads a custom rule module (its default export, or an export named `rule`). A path is taken relative to
 * the config file's folder; `.ts` modules are compiled on the fly with tsx.
 */
export async function loadRuleModule (specifier: string, baseDir: string): Promise<RuleDefinition> {
  const isPath = specifier.startsWith('.') || isAbsolute(specifier)
  const target = isPath ? pathToFileURL(resolve(baseDir, specifier)).href : specifier
  let loaded: Record<string, unknown>
  try {
    if (/\.[mc]?tsx?$/.test(specifier)) {
      const { tsImport } = await import('tsx/esm/api')
      loaded = await tsImport(target, import.meta.url) as Record<string, unknown>
    } else {
      loaded = await import(target) as Record<string, unknown>
    }
  } catch (err) {
    throw new errors.RuleModuleInvalid(specifier, (err as Error).message)
  }
  const candidate = (loaded.default as Record<string, unknown> | undefined)?.default ?? loaded.default ?? loaded.rule
  if (!isRuleDefinition(candidate)) {
    throw new errors.RuleModuleInvalid(specifier, 'must export (default or `rule`) { id, optionsSchema, create }')
  }
  return candidate
}
