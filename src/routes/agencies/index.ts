import type { App } from '../../env'
import { registerCreateAgency } from './create'
import { registerGetAgency } from './get'
import { registerListAgencies } from './list'
import { registerMergeAgency } from './merge'
import { registerUpdateAgency } from './update'
import { registerWebhookSecret } from './webhook-secret'

export function registerAgencies(api: App) {
  registerListAgencies(api)
  registerCreateAgency(api)
  registerGetAgency(api)
  registerUpdateAgency(api)
  registerWebhookSecret(api)
  registerMergeAgency(api)
}
