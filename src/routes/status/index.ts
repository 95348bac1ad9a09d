import type { App } from '../../env'
import { registerStatusCheck } from './check'
import { registerStatusLookup } from './lookup'

export function registerStatus(api: App) {
  registerStatusLookup(api)
  registerStatusCheck(api)
}
