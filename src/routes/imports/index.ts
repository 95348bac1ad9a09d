import type { App } from '../../env'
import { registerImportCertificates } from './certificates'

export function registerImports(api: App) {
  registerImportCertificates(api)
}
