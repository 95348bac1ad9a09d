import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http'
import { createServer as tcpServer } from 'node:net'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    crlServer: string
    ocspResponder: string
  }
}

/** A free TCP port on loopback. */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = tcpServer()
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
    probe.on('error', reject)
  })

/**
 * The RSA test CA's OCSP responder: OpenSSL itself (`openssl ocsp`), answering from the CA's
 * database (test/fixtures/pki/rsa-ca-index.txt: an-rsa good, binh-rsa and cuong-rsa revoked),
 * signing with the CA's key.
 */
async function ocspResponder() {
  const port = await freePort()
  const child = spawn(
    'openssl',
    [
      'ocsp',
      '-index',
      join(pki, 'rsa-ca-index.txt'),
      '-port',
      String(port),
      '-rsigner',
      join(pki, 'rsa-ca-ca.pem'),
      '-rkey',
      join(pki, 'rsa-ca-ocsp.key'),
      '-CA',
      join(pki, 'rsa-ca-ca.pem'),
      '-nmin',
      '60',
      '-ignore_err',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] }
  )
  // It serves one connection at a time: wait for its word rather than knock (a probe's
  // connection would hold it).
  await new Promise<void>((resolve, reject) => {
    let said = ''
    child.stderr!.on('data', (chunk) => {
      said += chunk
      if (said.includes('waiting for OCSP client connections')) resolve()
    })
    child.once('exit', (code) => reject(new Error(`openssl ocsp exited (${code}): ${said}`)))
  })
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill() }
}

/** How the server answers one path: a fixture file, or a misbehaviour. */
interface Route {
  file?: string
  status?: number
  etag?: string
  lastModified?: string
  /** Wait this long before answering (a slow CA). */
  delayMs?: number
  /** A redirect to here. */
  location?: string
  /** Send this many MiB of bytes, with no Content-Length (a CA that never stops). */
  hugeMiB?: number
  /** Send text that is no CRL. */
  garbage?: boolean
}

const pki = join(import.meta.dirname, '../fixtures/pki')

/**
 * A CA's CRL distribution point on loopback, for the scheduled fetch: a real HTTP server the
 * Worker under test fetches from. Tests tell it how to answer each path (POST /control {path,
 * route}) and read what it was asked (GET /requests): a CRL with an ETag, 304 to a conditional
 * request, a slow answer, a huge one, a redirect, a 404, garbage.
 */
export default async function setup(project: TestProject) {
  const routes = new Map<string, Route>()
  const requests: { path: string; headers: IncomingMessage['headers'] }[] = []
  const server = createServer(async (req, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    if (path === '/control' && req.method === 'POST') {
      let body = ''
      for await (const chunk of req) body += chunk
      const { path: target, route } = JSON.parse(body) as { path: string; route: Route | null }
      if (route) routes.set(target, route)
      else routes.delete(target)
      return res.writeHead(204).end()
    }
    if (path === '/requests') {
      res.writeHead(200, { 'content-type': 'application/json' })
      return res.end(JSON.stringify(requests.splice(0)))
    }
    if (path === '/rsa-ca-ocsp') return forward(req, res)
    requests.push({ path, headers: req.headers })
    const route = routes.get(path)
    if (!route) return res.writeHead(404).end('not found')
    if (route.delayMs) await new Promise((r) => setTimeout(r, route.delayMs))
    if (route.location)
      return res.writeHead(route.status ?? 302, { location: route.location }).end()
    if (route.status && route.status !== 200) return res.writeHead(route.status).end()
    if (route.etag && req.headers['if-none-match'] === route.etag)
      return res.writeHead(304, { etag: route.etag }).end()
    if (route.hugeMiB) {
      res.writeHead(200, { 'content-type': 'application/pkix-crl' })
      const chunk = Buffer.alloc(1024 * 1024, 0x30)
      for (let i = 0; i < route.hugeMiB && !res.destroyed; i++)
        if (!res.write(chunk)) await new Promise((r) => res.once('drain', r))
      return res.end()
    }
    if (route.garbage)
      return res
        .writeHead(200, { 'content-type': 'application/pkix-crl' })
        .end('<html>Bảo trì</html>')
    res.writeHead(200, {
      'content-type': 'application/pkix-crl',
      ...(route.etag && { etag: route.etag }),
      ...(route.lastModified && { 'last-modified': route.lastModified }),
    })
    res.end(readFileSync(join(pki, route.file!)))
  })
  // `openssl ocsp` answers one request per connection and closes it; a client that keeps the
  // connection alive (as the Worker's fetch does) is served through this pass-through, one fresh
  // connection to OpenSSL for each request.
  const ocsp = await ocspResponder()
  const forward = async (req: IncomingMessage, res: ServerResponse) => {
    const parts: Buffer[] = []
    for await (const chunk of req) parts.push(chunk as Buffer)
    const body = Buffer.concat(parts)
    const upstream = request(
      `${ocsp.url}/`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/ocsp-request', 'content-length': body.length },
        agent: false,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, {
          'content-type': answer.headers['content-type'] ?? 'application/ocsp-response',
        })
        answer.pipe(res)
      }
    )
    upstream.on('error', () => res.writeHead(502).end())
    upstream.end(body)
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  project.provide('crlServer', `http://127.0.0.1:${port}`)
  project.provide('ocspResponder', `http://127.0.0.1:${port}/rsa-ca-ocsp`)
  return () =>
    new Promise<void>((resolve) => {
      ocsp.stop()
      server.closeAllConnections()
      server.close(() => resolve())
    })
}
