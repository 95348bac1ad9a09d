import type { App } from '../../env'
import { registerCertificateExport } from './certificates'
import { registerDeviceExport } from './devices'
import { registerExportJobs } from './job'
import { registerCertificateWorkbook } from './workbook'

export function registerExports(api: App) {
  registerCertificateExport(api)
  registerCertificateWorkbook(api)
  registerDeviceExport(api)
  registerExportJobs(api)
}
