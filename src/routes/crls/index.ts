import type { App } from '../../env'
import { registerListCrlFetches } from './fetches'
import { registerImportCrl } from './import'
import { registerListCrls } from './list'

export function registerCrls(api: App) {
  registerListCrls(api)
  registerListCrlFetches(api)
  registerImportCrl(api)
}
