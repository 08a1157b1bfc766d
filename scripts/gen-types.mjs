// Generates src/generated/*.ts from schemas/ so TypeScript types cannot drift from the JSON Schemas.
// `node scripts/gen-types.mjs --check` fails when the committed files differ from what would be generated.
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { compile } from 'json-schema-to-typescript'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const schemasDir = join(root, 'schemas')
const outDir = join(root, 'src', 'generated')
const base = 'https://streamgate.dev/schemas/'

const localResolver = {
  order: 1,
  canRead: file => file.url.startsWith(base),
  read: file => readFileSync(join(schemasDir, file.url.slice(base.length)), 'utf8')
}

function walk (dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap(e =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.schema.json') ? [join(dir, e.name)] : [])
}

const check = process.argv.includes('--check')
let stale = 0
for (const file of walk(schemasDir).sort()) {
  const rel = relative(schemasDir, file).replace(/\.schema\.json$/, '')
  const schema = JSON.parse(readFileSync(file, 'utf8'))
  const ts = await compile(schema, schema.title ?? rel, {
    bannerComment: `/* Generated from schemas/${rel}.schema.json by scripts/gen-types.mjs. Do not edit. */`,
    cwd: dirname(file),
    declareExternallyReferenced: true,
    additionalProperties: false,
    style: { semi: false, singleQuote: true },
    $refOptions: { resolve: { streamgate: localResolver } }
  })
  const out = join(outDir, rel + '.ts')
  if (check) {
    let current = ''
    try { current = readFileSync(out, 'utf8') } catch { /* not generated yet */ }
    if (current !== ts) { stale++; console.error(`stale: src/generated/${rel}.ts`) }
  } else {
    mkdirSync(dirname(out), { recursive: true })
    writeFileSync(out, ts)
  }
}
if (stale > 0) { console.error('run npm run gen:types'); process.exit(1) }
