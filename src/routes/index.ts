import type { App } from '../env'
import { registerAgencies } from './agencies'
import { registerAudit } from './audit'
import { registerAuth } from './auth'
import { registerBackups } from './backups'
import { registerCertificates } from './certificates'
import { registerCrls } from './crls'
import { registerDevices } from './devices'
import { registerDocuments } from './documents'
import { registerExports } from './exports'
import { registerHolders } from './holders'
import { registerImports } from './imports'
import { registerIssuers } from './issuers'
import { registerKeys } from './keys'
import { registerNotices } from './notices'
import { registerReports } from './reports'
import { registerRequestAttachments, registerRequests } from './requests'
import { registerRequestSheets } from './requests/items-sheet'
import { registerStatus } from './status'
import { registerUsers } from './users'

/** Every /api/v1 operation. */
export function registerApi(api: App) {
  registerAgencies(api)
  registerHolders(api)
  registerCertificates(api)
  registerDevices(api)
  registerKeys(api)
  registerUsers(api)
  registerAudit(api)
  registerAuth(api)
  registerStatus(api)
  registerDocuments(api)
  registerIssuers(api)
  registerCrls(api)
  registerNotices(api)
  registerReports(api)
  registerExports(api)
  registerImports(api)
  registerBackups(api)
  registerRequestSheets(api) // before /requests/{id}: its template path is fixed
  registerRequests(api)
  registerRequestAttachments(api)
}
