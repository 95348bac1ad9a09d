import type { TestProject } from 'vitest/node'
import { startRegistry } from './server'

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string
    adminToken: string
    statePath: string
    startOutput: string
  }
}

/** One registry, started as `npm start` starts it, shared by every end-to-end test file. */
export default async function setup(project: TestProject) {
  const registry = await startRegistry()
  project.provide('baseUrl', registry.url)
  project.provide('adminToken', registry.adminToken)
  project.provide('statePath', registry.state)
  project.provide('startOutput', registry.said)
  return registry.stop
}
