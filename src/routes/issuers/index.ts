import type { App } from '../../env'
import { registerCreateIssuer } from './create'
import { registerListIssuers } from './list'

export function registerIssuers(api: App) {
  registerListIssuers(api)
  registerCreateIssuer(api)
}
