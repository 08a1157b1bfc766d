import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'

const src = join(dirname(fileURLToPath(import.meta.url)), '..', 'src')

function sources (dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [])
}

/** The folder under src/ a file is in; `.` for the files at its top (app.ts, errors.ts...). */
const folderOf = (file: string): string => {
  const parts = relative(src, file).split(sep)
  return parts.length > 1 ? parts[0] as string : '.'
}

/** Relative modules a file imports or re-exports, types included, static or dynamic. */
const IMPORTS = /^\s*(?:import|export)\s[^;]*?from\s+['"](\.{1,2}\/[^'"]+)['"]|^\s*import\s+['"](\.{1,2}\/[^'"]+)['"]|\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/gm

interface Edge { from: string, to: string, file: string, target: string }

/** Every import that crosses from one folder of src/ into another. */
function crossings (): Edge[] {
  const edges: Edge[] = []
  for (const file of sources(src)) {
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORTS)) {
      const target = join(dirname(file), (match[1] ?? match[2] ?? match[3]) as string)
      const [from, to] = [folderOf(file), folderOf(target)]
      if (from !== to) edges.push({ from, to, file: relative(src, file), target: relative(src, target) })
    }
  }
  return edges
}

const edges = crossings()

t.test('the scan sees the imports it judges', async t => {
  const seen = new Set(edges.map(e => `${e.from} -> ${e.to}`))
  for (const known of ['adapters -> core', 'rules -> core', 'rules -> signing', 'api -> paywall', '. -> adapters']) t.ok(seen.has(known), known)
})

/** Which folders a folder must not import, and why. */
const forbidden: Record<string, { folders: string[], why: string }> = {
  core: { folders: ['rules', 'adapters', 'api', 'plugins', 'publish', 'signing', 'paywall'], why: 'the domain model and contracts depend on nothing built on them' },
  rules: { folders: ['adapters', 'api', 'plugins'], why: 'rules decide on AccessRequests: they know no wire format and no route' },
  signing: { folders: ['rules', 'adapters', 'api', 'plugins'], why: 'token schemes are used by rules, never the other way round' },
  adapters: { folders: ['api', 'rules'], why: 'adapters translate: they call the policy, never a rule or an API directly' },
  paywall: { folders: ['rules', 'adapters', 'api', 'plugins'], why: 'the paywall state is kept for rules and APIs, not built on them' },
  stores: { folders: ['core', 'rules', 'adapters', 'api', 'plugins', 'paywall', 'publish', 'signing'], why: 'stores keep state and know nothing of what it means' }
}

t.test('folders import only what their role allows', async t => {
  for (const [folder, { folders, why }] of Object.entries(forbidden)) {
    const bad = edges.filter(e => e.from === folder && folders.includes(e.to)).map(e => `${e.file} imports ${e.target}`)
    t.same(bad, [], `src/${folder}: ${why}`)
  }
})

t.test('no two folders of src/ import each other, even through others', async t => {
  const next = new Map<string, Set<string>>()
  for (const { from, to } of edges) if (from !== '.' && to !== '.') next.set(from, (next.get(from) ?? new Set()).add(to))
  const cycles: string[] = []
  const visit = (folder: string, path: string[]): void => {
    if (path.includes(folder)) {
      cycles.push([...path.slice(path.indexOf(folder)), folder].join(' -> '))
      return
    }
    for (const to of next.get(folder) ?? []) visit(to, [...path, folder])
  }
  for (const folder of next.keys()) visit(folder, [])
  t.same(cycles, [], 'the folders form no cycle')
})
