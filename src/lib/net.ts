/**
 * The client a rate limit counts: an IPv4 address whole, an IPv6 address by its /64 (one
 * subscriber's prefix: rotating addresses within it is the same client). Null when the text is
 * not an address.
 */
export function clientKey(address: string): string | null {
  const ip = address.trim()
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) return ip
  if (!/^[0-9a-f:.]+$/i.test(ip) || !ip.includes(':')) return null
  const [head, tail = ''] = ip.toLowerCase().split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  if (ip.includes('::') ? left.length + right.length > 7 : left.length !== 8) return null
  const groups = [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`
}

/**
 * Whether a host name may be a webhook target: a public DNS name, never an IP address written
 * out, loopback, a private or link-local range, or a name that resolves inside the platform
 * (localhost, *.local, *.internal, cloud metadata names).
 */
export function publicHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '')
  if (!host.includes('.')) return false // "localhost", "metadata", bare names
  if (/^\d+(\.\d+){0,3}$/.test(host) || host.startsWith('[') || /^0x/i.test(host)) return false
  return (
    !/(^|\.)(localhost|local|internal|localdomain|intranet|lan|home|corp|arpa)$/.test(host) &&
    !/^metadata(\.|$)|\.metadata\./.test(host)
  )
}

/**
 * A path on this site to go back to, or "/": the URL a browser would make of it must keep this
 * origin (so "//host", "/\host", "/%09/host" and the like fall back), and it may not carry a
 * control character (no header splitting).
 */
export function samePath(back: string | undefined, origin = 'https://registry.invalid'): string {
  if (!back || !back.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(back)) return '/'
  try {
    const url = new URL(back, origin)
    return url.origin === origin ? `${url.pathname}${url.search}` : '/'
  } catch {
    return '/'
  }
}

/**
 * Why a URL may not be a webhook target, or null when it may: https to a public host, no user
 * name or password in it. Locally (`strict` false: development, tests) http and loopback are
 * allowed too, so a receiver can run on this machine.
 */
export function webhookUrlProblem(text: string, strict: boolean): string | null {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return 'bad-url'
  }
  if (url.username || url.password) return 'webhook-credentials'
  const local = !strict && /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(url.hostname)
  if (url.protocol !== 'https:' && !(local && url.protocol === 'http:')) return 'webhook-https'
  if (!local && !publicHost(url.hostname)) return 'webhook-public-host'
  return null
}
