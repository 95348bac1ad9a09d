import type { App } from '../../env'
import { registerImportCrl } from './import'
import { registerListCrls } from './list'

export function registerCrls(api: App) {
  registerListCrls(api)
  registerImportCrl(api)
}
