import type { App } from '../../env'
import { registerCorrectCertificate } from './correct'
import { registerCreateCertificate } from './create'
import { registerGetCertificate } from './get'
import { registerListCertificates } from './list'
import { registerOcspCheck } from './ocsp'
import { registerRenewCertificate } from './renew'
import { registerRevokeCertificate } from './revoke'
import { registerUpdateCertificate } from './update'

export function registerCertificates(api: App) {
  registerListCertificates(api)
  registerCreateCertificate(api)
  registerGetCertificate(api)
  registerUpdateCertificate(api)
  registerRevokeCertificate(api)
  registerRenewCertificate(api)
  registerCorrectCertificate(api)
  registerOcspCheck(api)
}
