import type { App } from '../../env'
import { registerImportCertificates } from './certificates'
import { registerImportTemplate } from './template'

export function registerImports(api: App) {
  registerImportTemplate(api)
  registerImportCertificates(api)
}
