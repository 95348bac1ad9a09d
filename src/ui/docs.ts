import { html } from 'hono/html'

/**
 * The interactive API reference: Swagger UI served from this Worker's own static assets
 * (copied from the swagger-ui-dist package), so it works offline and under a strict CSP.
 */
export const docsPage = () =>
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
