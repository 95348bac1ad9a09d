import { copyFileSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/**
 * Copies Swagger UI from the swagger-ui-dist package into public/docs/vendor, served as the
 * Worker's static assets for /docs (git ignores the copy; start, test and deploy make it).
 */
export function copyDocsAssets(root: string) {
  const dist = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
  const target = join(root, 'public/docs/vendor')
  mkdirSync(target, { recursive: true })
  for (const file of ['swagger-ui-bundle.js', 'swagger-ui.css', 'LICENSE'])
    copyFileSync(join(dist, file), join(target, file))
}

if (import.meta.url === `file://${process.argv[1]}`) copyDocsAssets(process.cwd())
