import type { App } from '../../env'
import { registerCertificateExport } from './certificates'
import { registerDeviceExport } from './devices'
import { registerExportJobs } from './job'

export function registerExports(api: App) {
  registerCertificateExport(api)
  registerDeviceExport(api)
  registerExportJobs(api)
}
