import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { errors } from './errors.js'

function findPackageRoot (): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir)
    if (parent === dir) throw new errors.InstallBroken('package.json not found above ' + fileURLToPath(import.meta.url))
    dir = parent
  }
  return dir
}

/** The package's root folder, whether running from src/ (tsx) or dist/src/ (compiled). */
export const packageRoot = findPackageRoot()
export const schemasDir = join(packageRoot, 'schemas')
export const defaultConfigPath = join(packageRoot, 'examples', 'config.yaml')
