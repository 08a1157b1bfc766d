// tsc writes dist/src/cli.js without the execute bit; `npx streamgate` runs the package's bin directly and needs it.
import { chmodSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const { bin } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
for (const path of Object.values(bin)) chmodSync(join(root, path), 0o755)
