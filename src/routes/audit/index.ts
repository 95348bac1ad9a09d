import type { App } from '../../env'
import { registerListAudit } from './list'
import { registerVerifyAudit } from './verify'

export function registerAudit(api: App) {
  registerListAudit(api)
  registerVerifyAudit(api)
}
