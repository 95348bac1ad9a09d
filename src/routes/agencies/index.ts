import type { App } from '../../env'
import { registerCorrectAgency } from './correct'
import { registerCreateAgency } from './create'
import { registerDissolveAgency } from './dissolve'
import { registerGetAgency } from './get'
import { registerListAgencies } from './list'
import { registerMergeAgency } from './merge'
import { registerSplitAgency } from './split'
import { registerUpdateAgency } from './update'
import { registerWebhookSecret } from './webhook-secret'

export function registerAgencies(api: App) {
  registerListAgencies(api)
  registerCreateAgency(api)
  registerGetAgency(api)
  registerUpdateAgency(api)
  registerWebhookSecret(api)
  registerMergeAgency(api)
  registerSplitAgency(api)
  registerDissolveAgency(api)
  registerCorrectAgency(api)
}
