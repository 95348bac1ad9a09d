import type { App } from '../../env'
import { registerActivity } from './activity'
import { registerAgencyReport } from './agencies'
import { registerExpiries } from './expiries'
import { registerReconciliation } from './reconciliation'
import { registerSummary } from './summary'

export function registerReports(api: App) {
  registerSummary(api)
  registerExpiries(api)
  registerAgencyReport(api)
  registerActivity(api)
  registerReconciliation(api)
}
