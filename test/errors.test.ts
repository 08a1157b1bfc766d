import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import t from 'tap'
import { errors } from '../src/errors.js'
import { packageRoot } from '../src/paths.js'

const registry = Object.values(errors).map(E => new (E as new (...args: unknown[]) => Error & { code: string })('x', 'y').code)
const readme = readFileSync(join(packageRoot, 'README.md'), 'utf8')

t.test('every code is unique, SG_-prefixed, and documented in the README', async t => {
  t.equal(new Set(registry).size, registry.length, 'no code is used twice')
  for (const code of registry) {
    t.match(code, /^SG_[A-Z]+(_[A-Z]+)*$/)
    t.match(readme, new RegExp('^\\| `' + code + '` \\| [^|]+ \\|', 'm'), `${code} has a row in README's error table`)
  }
})

t.test('the README documents no code the registry lacks', async t => {
  const documented = [...readme.matchAll(/`(SG_[A-Z_]+)`/g)].map(m => m[1]!)
  t.ok(documented.length >= registry.length)
  t.same([...new Set(documented)].filter(code => !registry.includes(code)), [])
})

function sources (dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sources(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

t.test('src/ raises only errors from the registry', async t => {
  const files = sources(join(packageRoot, 'src')).filter(f => !f.endsWith(join('src', 'errors.ts')))
  t.ok(files.length > 50, 'the scan sees the source tree')
  // the one exception: Fastify's schemaErrorFormatter must return a plain Error, which it codes FST_ERR_VALIDATION
  const uncoded = files.flatMap(file => readFileSync(file, 'utf8').split('\n').flatMap((line, i) =>
    /\bnew (Range|Type|Syntax)?Error\(|\bextends Error\b|\bcreateError\(/.test(line) && !/schemaErrorFormatter/.test(line)
      ? [`${relative(packageRoot, file)}:${i + 1}: ${line.trim()}`]
      : []))
  t.same(uncoded, [], 'every error is one of src/errors.ts')
})
