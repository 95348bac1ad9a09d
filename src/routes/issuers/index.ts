import type { App } from '../../env'
import { registerAddIssuerKey } from './add-key'
import { registerCreateIssuer } from './create'
import { registerFetchIssuerCrl } from './fetch-crl'
import { registerGetIssuer } from './get'
import { registerListIssuers } from './list'
import { registerUpdateIssuer } from './update'

export function registerIssuers(api: App) {
  registerListIssuers(api)
  registerCreateIssuer(api)
  registerGetIssuer(api)
  registerUpdateIssuer(api)
  registerAddIssuerKey(api)
  registerFetchIssuerCrl(api)
}
