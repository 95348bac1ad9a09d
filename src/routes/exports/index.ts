import type { App } from '../../env'
import { registerCertificateExport } from './certificates'
import { registerDeviceExport } from './devices'

export function registerExports(api: App) {
  registerCertificateExport(api)
  registerDeviceExport(api)
}
