import type { App } from '../../env'
import { registerActivity } from './activity'
import { registerAgencyReport } from './agencies'
import { registerExpiries } from './expiries'
import { registerReconciliation } from './reconciliation'
import { registerRequestReport } from './requests'
import { registerSummary } from './summary'

export function registerReports(api: App) {
  registerSummary(api)
  registerExpiries(api)
  registerAgencyReport(api)
  registerActivity(api)
  registerReconciliation(api)
  registerRequestReport(api)
}
