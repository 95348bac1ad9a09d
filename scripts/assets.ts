import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/**
 * Copies Swagger UI (JS, CSS, licence) from the swagger-ui-dist package into src/ui/vendor as
 * *.vendor.txt, which the Worker imports as text and serves under /docs/vendor (git ignores the
 * copies; npm start, npm test and deploy make them).
 */
export function copyDocsAssets(root: string) {
  const dist = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
  const target = join(root, 'src/ui/vendor')
  mkdirSync(target, { recursive: true })
  for (const file of ['swagger-ui-bundle.js', 'swagger-ui.css', 'LICENSE']) {
    const from = join(dist, file)
    const to = join(target, `${file}.vendor.txt`)
    // Written only when it differs: wrangler's [build] watches src/, and a rewrite would restart it.
    if (!existsSync(to) || !readFileSync(to).equals(readFileSync(from))) copyFileSync(from, to)
  }
}

if (import.meta.url === `file://${process.argv[1]}`) copyDocsAssets(process.cwd())
