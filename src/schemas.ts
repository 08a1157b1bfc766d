import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { fullFormats } from 'ajv-formats/dist/formats.js'
import { shownKeyAt, shownPath } from './config/shown-keys.js'
import { schemasDir } from './paths.js'
import { errors } from './errors.js'

const addFormats = addFormatsModule.default

const rfc3339 = fullFormats['date-time'] as { validate: (value: string) => boolean, compare: (a: string, b: string) => number | undefined }
/** A date-time that is also an instant JavaScript can read: RFC 3339 allows a leap second (23:59:60), Date.parse does not. */
const dateTime = { ...rfc3339, validate: (value: string): boolean => rfc3339.validate(value) && Number.isFinite(Date.parse(value)) }

export const SCHEMA_BASE = 'https://streamgate.dev/schemas/'

function readSchemas (dir: string): object[] {
  const found: object[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) found.push(...readSchemas(path))
    else if (entry.name.endsWith('.schema.json')) found.push(JSON.parse(readFileSync(path, 'utf8')) as object)
  }
  return found
}

const allSchemas = readSchemas(schemasDir)

/** Ajv's own console, less the warning that `unicode: false` is deprecated: it is chosen on purpose (requestOptions). */
const ajvLogger = {
  log: console.log,
  warn: (...args: unknown[]) => { if (typeof args[0] !== 'string' || !args[0].startsWith('DEPRECATED: option unicode.')) console.warn(...args) },
  error: console.error
}

function makeAjv (options: Options): Ajv {
  const ajv = new Ajv({
    logger: ajvLogger,
    // tsType only steers type generation (scripts/gen-types.mjs)
    keywords: [{ keyword: 'tsType', schemaType: 'string' }],
    schemas: allSchemas,
    strict: true,
    allowUnionTypes: true,
    ...options
  })
  addFormats(ajv)
  ajv.addFormat('date-time', dateTime)
  return ajv
}

/** For the config and rule options: every error at once, env strings coerced to the declared types, defaults filled in. */
export const configAjv = makeAjv({ allErrors: true, coerceTypes: true, useDefaults: true })

/**
 * What a request's validation needs: the first error is enough, and a string's length is its length in UTF-16 code
 * units, as JavaScript counts it. Every length in a wire schema bounds a size (a character outside the BMP counts
 * two, so a bound holds fewer of them); counting code points walked every string of every request character by
 * character, about a tenth of a Nimble request's instructions. Ajv 8 still honours the option it calls deprecated;
 * test/schemas.test.ts tells when it no longer does.
 */
// eslint-disable-next-line @typescript-eslint/no-deprecated
const requestOptions = { allErrors: false, unicode: false } as const satisfies Options

/** For wire messages: exact types; unknown properties are refused where a schema says so, never dropped. */
export const wireAjv = makeAjv(requestOptions)

/** For query strings, path parameters and headers, which are text: coerced to the declared types, otherwise as strict as wireAjv. */
export const textAjv = makeAjv({ ...requestOptions, coerceTypes: true, useDefaults: true })

/** The validator of a schema, compiled only the first time its $id is seen. */
export function compileOnce (ajv: Ajv, schema: object): ValidateFunction {
  const id = (schema as { $id?: unknown }).$id
  return (typeof id === 'string' ? ajv.getSchema(id) : undefined) ?? ajv.compile(schema)
}

/** Compiled validator for a schema in schemas/, by its path there (e.g. 'nimble/auth-request'). */
export function wireValidator (name: string): ValidateFunction {
  const validate = wireAjv.getSchema(SCHEMA_BASE + name + '.schema.json')
  if (validate === undefined) throw new errors.InstallBroken(`schema ${name} not found in ${schemasDir}`)
  return validate
}

export function schemaById (name: string): object {
  const schema = allSchemas.find(s => (s as { $id?: string }).$id === SCHEMA_BASE + name + '.schema.json')
  if (schema === undefined) throw new errors.InstallBroken(`schema ${name} not found in ${schemasDir}`)
  return schema
}

/** `path: message` lines for each ajv error, prefixed with where the validated value sits; keys as shownPath shows them. */
export function formatErrors (errors: ErrorObject[] | null | undefined, at: string): string[] {
  return (errors ?? []).map(e => {
    const path = shownPath(e.instancePath)
    const extra = e.keyword === 'additionalProperties'
      ? ` (${shownKeyAt(e.instancePath, (e.params as { additionalProperty: string }).additionalProperty)})`
      : e.keyword === 'enum' ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})` : ''
    return `${at}${path}: ${e.message ?? 'is invalid'}${extra}`
  })
}
