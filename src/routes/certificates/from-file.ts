import { CertificateCreate, type CertificateFileForm } from '../../../schemas/certificate'
import { canonicalDn } from '../../lib/dn'
import { Problem, type FieldError } from '../../lib/problem'
import { normaliseSerial } from '../../lib/serial'
import { invalidRequest } from '../../http/validation'
import { readCertificate } from '../../lib/x509'

/** How to compare a form field with the file's value, field by field. */
const same: Record<
  'serial' | 'issuer' | 'subject' | 'notBefore' | 'notAfter' | 'fingerprint',
  (form: string, file: string) => boolean
> = {
  serial: (form, file) => normaliseSerial(form) === file,
  issuer: (form, file) => canonicalDn(form) === file,
  subject: (form, file) => canonicalDn(form) === file,
  notBefore: (form, file) => Date.parse(form) === Date.parse(file),
  notAfter: (form, file) => Date.parse(form) === Date.parse(file),
  fingerprint: (form, file) => form.replace(/[\s:]/g, '').toUpperCase() === file,
}

/**
 * A certificate create request from an uploaded file: serial, issuer, subject, validity and
 * fingerprint are read from the file, holder, kind, device and note from the form. A field the
 * form gives as well must agree with the file (422 naming it); the result is then held to the
 * same contract as a JSON create. It also answers the CRL and OCSP addresses the file names.
 */
export async function createFromFile(
  sent: CertificateFileForm
): Promise<CertificateCreate & { urls: { crl: string[]; ocsp: string[] } }> {
  // An HTML form (and Swagger UI) sends the optional fields it leaves empty as "": absent.
  const form = Object.fromEntries(
    Object.entries(sent).filter(([, v]) => v !== '' && v !== undefined)
  ) as CertificateFileForm
  if (!(form.file instanceof File) && typeof form.file !== 'string')
    throw new Problem(422, 'file-missing', {}, [{ path: 'file', code: 'required' }])
  const bytes =
    typeof form.file === 'string'
      ? new TextEncoder().encode(form.file)
      : new Uint8Array(await form.file.arrayBuffer())
  const file = await readCertificate(bytes)
  const disagreements: FieldError[] = []
  for (const [field, agrees] of Object.entries(same) as [
    keyof typeof same,
    (a: string, b: string) => boolean,
  ][]) {
    const given = form[field]
    if (given && !agrees(given, file[field]))
      disagreements.push({
        path: field,
        code: 'disagrees-with-file',
        params: { value: file[field] },
      })
  }
  if (disagreements.length) throw new Problem(422, 'file-mismatch', {}, disagreements)
  const parsed = CertificateCreate.safeParse({
    kind: form.kind,
    holderId: form.holderId,
    agencyId: form.agencyId,
    deviceId: form.deviceId,
    replacesId: form.replacesId,
    replacement: form.replacement,
    note: form.note,
    serial: file.serial,
    issuer: file.issuer,
    subject: file.subject,
    notBefore: file.notBefore,
    notAfter: file.notAfter,
    fingerprint: file.fingerprint,
  })
  if (!parsed.success) throw invalidRequest(parsed.error)
  // Where its CA publishes CRLs and answers OCSP: the issuer learns it (the scheduled fetch reads it).
  return { ...parsed.data, urls: { crl: file.crlUrls, ocsp: file.ocspUrls } }
}
