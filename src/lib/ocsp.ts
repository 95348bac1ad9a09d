import * as asn1js from 'asn1js'
import * as pkijs from 'pkijs'
import { serialFromDer, serialToDer } from './serial'

/** What a CA's OCSP responder says of one certificate (RFC 6960). */
export interface OcspAnswer {
  status: 'good' | 'revoked' | 'unknown'
  revokedAt: string | null
  reasonCode: number | null
  thisUpdate: string
  nextUpdate: string | null
  producedAt: string
}

const SHA1 = '1.3.14.3.2.26'
const NONCE = '1.3.6.1.5.5.7.48.1.2'

const sha1 = async (bytes: ArrayBuffer | Uint8Array) =>
  new Uint8Array(await crypto.subtle.digest('SHA-1', bytes))

/**
 * An OCSP request for the certificate with `serial` issued by `issuer` (its CA certificate, DER):
 * the CertID of RFC 6960 (SHA-1 of the issuer's name and key, the serial), with a nonce.
 * Answers the DER and the nonce.
 */
export async function ocspRequest(serial: string, issuer: Uint8Array) {
  const ca = pkijs.Certificate.fromBER(issuer)
  const reqCert = new pkijs.CertID({
    hashAlgorithm: new pkijs.AlgorithmIdentifier({
      algorithmId: SHA1,
      algorithmParams: new asn1js.Null(),
    }),
    issuerNameHash: new asn1js.OctetString({
      valueHex: await sha1(ca.subject.toSchema().toBER(false)),
    }),
    issuerKeyHash: new asn1js.OctetString({
      valueHex: await sha1(ca.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView),
    }),
    serialNumber: new asn1js.Integer({ valueHex: serialToDer(serial) }),
  })
  const nonce = crypto.getRandomValues(new Uint8Array(16))
  const request = new pkijs.OCSPRequest()
  request.tbsRequest.requestList = [new pkijs.Request({ reqCert })]
  request.tbsRequest.requestExtensions = [
    new pkijs.Extension({
      extnID: NONCE,
      extnValue: new asn1js.OctetString({ valueHex: nonce }).toBER(false),
    }),
  ]
  return { der: new Uint8Array(request.toSchema(true).toBER(false)), nonce }
}

/**
 * Reads a responder's answer about `serial`: a successful response, signed by the CA or by a
 * responder the CA delegated (its certificate issued by the CA for OCSP signing), echoing the
 * nonce when it carries one. Throws with the reason otherwise.
 */
export async function readOcspResponse(
  der: Uint8Array,
  serial: string,
  issuer: Uint8Array,
  nonce: Uint8Array
): Promise<OcspAnswer> {
  let response: pkijs.OCSPResponse
  try {
    response = pkijs.OCSPResponse.fromBER(der)
  } catch {
    throw new Error('not an OCSP response')
  }
  const status = response.responseStatus.valueBlock.valueDec
  if (status !== 0) throw new Error(`the responder refused (OCSPResponseStatus ${status})`)
  if (!response.responseBytes) throw new Error('no response in the answer')
  const basic = pkijs.BasicOCSPResponse.fromBER(
    response.responseBytes.response.valueBlock.valueHexView
  )
  const ca = pkijs.Certificate.fromBER(issuer)
  // The CA itself is a responder for what it issued; a delegated responder's certificate must be
  // issued by the CA for OCSP signing (pkijs checks both, and the signature).
  let verified = false
  let why = ''
  try {
    verified = await basic.verify({ trustedResponders: [ca], issuerCerts: [ca], trustedCerts: [ca] })
  } catch (error) {
    why = `: ${(error as Error).message}`
  }
  if (!verified)
    throw new Error(`the answer is not signed by the CA or a responder it delegated${why}`)
  const echoed = basic.tbsResponseData.responseExtensions?.find((e) => e.extnID === NONCE)
  if (echoed) {
    const value = asn1js.fromBER(echoed.extnValue.valueBlock.valueHexView).result
    const sent = (value as asn1js.OctetString).valueBlock?.valueHexView ?? new Uint8Array()
    if (sent.length !== nonce.length || sent.some((b, i) => b !== nonce[i]))
      throw new Error('the answer is for another request (nonce)')
  }
  const single = basic.tbsResponseData.responses.find(
    (r) => serialFromDer(r.certID.serialNumber.valueBlock.valueHexView) === serial
  )
  if (!single) throw new Error('the answer does not speak of this certificate')
  const certStatus = single.certStatus as asn1js.Constructed | asn1js.Primitive
  const tag = certStatus.idBlock.tagNumber
  let revokedAt: string | null = null
  let reasonCode: number | null = null
  if (tag === 1) {
    const info = (certStatus as asn1js.Constructed).valueBlock.value
    revokedAt = (info[0] as asn1js.GeneralizedTime).toDate().toISOString()
    const reason = info[1] as asn1js.Constructed | undefined
    if (reason) reasonCode = (reason.valueBlock.value[0] as asn1js.Enumerated).valueBlock.valueDec
  }
  return {
    status: tag === 0 ? 'good' : tag === 1 ? 'revoked' : 'unknown',
    revokedAt,
    reasonCode,
    thisUpdate: single.thisUpdate.toISOString(),
    nextUpdate: single.nextUpdate?.toISOString() ?? null,
    producedAt: basic.tbsResponseData.producedAt.toISOString(),
  }
}
