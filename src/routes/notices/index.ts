import type { App } from '../../env'
import { registerAcknowledge } from './ack'
import { registerListNotices } from './list'
import { registerUnacknowledge } from './unack'

export function registerNotices(api: App) {
  registerListNotices(api)
  registerAcknowledge(api)
  registerUnacknowledge(api)
}
