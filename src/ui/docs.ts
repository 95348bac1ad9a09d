import type { Hono } from 'hono'
import { html } from 'hono/html'
import type { AppEnv } from '../env'
import swaggerCss from './vendor/swagger-ui.css.vendor.txt'
import swaggerBundle from './vendor/swagger-ui-bundle.js.vendor.txt'

/** Starts Swagger UI on the registry's OpenAPI document (a file of its own, for the CSP). */
const INIT = `window.addEventListener('load', function () {
  var root = document.getElementById('swagger-ui')
  window.ui = SwaggerUIBundle({ url: root.dataset.spec, dom_id: '#swagger-ui', deepLinking: true })
})`

const page = () =>
  html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Certificate registry API</title>
        <link rel="stylesheet" href="/docs/vendor/swagger-ui.css" />
      </head>
      <body>
        <main id="swagger-ui" data-spec="/openapi.json">
          <noscript>The API description is at <a href="/openapi.json">/openapi.json</a>.</noscript>
        </main>
        <script src="/docs/vendor/swagger-ui-bundle.js"></script>
        <script src="/docs/init.js"></script>
      </body>
    </html>`

/** A day's caching for the vendored files: they change only with a deploy. */
const cached = (type: string) => ({
  'content-type': type,
  'cache-control': 'public, max-age=86400',
})

/**
 * The interactive API reference at /docs: Swagger UI bundled into the Worker (from the
 * swagger-ui-dist package), so it works offline and under a strict CSP.
 */
export function registerDocs(app: Hono<AppEnv>) {
  app.get('/docs', (c) => c.html(page()))
  app.get('/docs/init.js', (c) => c.body(INIT, 200, cached('text/javascript; charset=utf-8')))
  app.get('/docs/vendor/swagger-ui-bundle.js', (c) =>
    c.body(swaggerBundle, 200, cached('text/javascript; charset=utf-8'))
  )
  app.get('/docs/vendor/swagger-ui.css', (c) =>
    c.body(swaggerCss, 200, cached('text/css; charset=utf-8'))
  )
}
