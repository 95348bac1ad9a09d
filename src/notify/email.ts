import { EmailMessage } from 'cloudflare:email'

const b64 = (text: string) => {
  const bytes = new TextEncoder().encode(text)
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary)
}

/** An RFC 5322 message, UTF-8 text in base64 and an RFC 2047 subject (Vietnamese survives any relay). */
export function mimeMessage(m: {
  from: string
  to: string
  subject: string
  text: string
  messageId: string
  date: Date
}) {
  const body = b64(m.text).replace(/.{76}/g, '$&\r\n')
  return [
    `From: ${m.from}`,
    `To: ${m.to}`,
    `Subject: =?UTF-8?B?${b64(m.subject)}?=`,
    `Message-ID: <${m.messageId}>`,
    `Date: ${m.date.toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    body,
  ].join('\r\n')
}

/**
 * Sends a digest to one address through the Workers send_email binding (Email Routing or Email
 * Service; locally it only writes the message to disk and logs it). The Message-ID carries the
 * digest id, so a mail system can recognise a repeat.
 */
export async function sendDigestEmail(
  binding: SendEmail,
  from: string,
  to: string,
  subject: string,
  text: string,
  digestId: string
) {
  try {
    const domain = from.split('@')[1] ?? 'registry.invalid'
    const raw = mimeMessage({
      from,
      to,
      subject,
      text,
      messageId: `${digestId}.${b64(to).replace(/[^A-Za-z0-9]/g, '')}@${domain}`,
      date: new Date(),
    })
    await binding.send(new EmailMessage(from, to, raw))
    return { accepted: true, detail: 'accepted by the send_email binding' }
  } catch (error) {
    return { accepted: false, detail: String((error as Error)?.message ?? error).slice(0, 200) }
  }
}
