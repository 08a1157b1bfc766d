import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { packageRoot } from '../../paths.js'

export const assetsDir = join(packageRoot, 'dist', 'console')

interface ManifestChunk { file: string, css?: string[], imports?: string[], assets?: string[] }

export interface ConsoleAssets {
  root: string
  index: string
  /** Files (relative to root) that load before sign-in: the sign-in page and what it imports, nothing else. */
  publicFiles: Set<string>
}

/** The front-end Vite built into dist/console; refuses to start without it rather than serving a blank page. */
export function loadAssets (root = assetsDir): ConsoleAssets {
  const manifestPath = join(root, '.vite', 'manifest.json')
  if (!existsSync(manifestPath)) throw new Error(`console: the front-end is not built (no ${manifestPath}); run npm run build`)
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, ManifestChunk>
  const publicFiles = new Set<string>(['sign-in.html'])
  const visit = (id: string): void => {
    const chunk = manifest[id]
    if (chunk === undefined || publicFiles.has(chunk.file)) return
    publicFiles.add(chunk.file)
    for (const file of [...chunk.css ?? [], ...chunk.assets ?? []]) publicFiles.add(file)
    for (const imported of chunk.imports ?? []) visit(imported)
  }
  visit('sign-in.html')
  return { root, index: readFileSync(join(root, 'index.html'), 'utf8'), publicFiles }
}
