/** Writes `packages/contracts/schemas/<eventType>.v1.json` for every published event (and the index README). */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { renderJsonSchemaFiles } from '../src/json-schema'

const schemasDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'schemas')
mkdirSync(schemasDir, { recursive: true })

const files = renderJsonSchemaFiles()
for (const name of readdirSync(schemasDir)) {
  if (!(name in files)) rmSync(join(schemasDir, name))
}
for (const [name, content] of Object.entries(files)) writeFileSync(join(schemasDir, name), content)
console.log(`wrote ${Object.keys(files).length} files to ${schemasDir}`)
