import type { App } from '../../env'
import { registerSummary } from './summary'

export function registerReports(api: App) {
  registerSummary(api)
}
