import { Badge, Csrf, Flash } from '../components'
import { date } from '../format'
import { query, type Page } from '../kit'
import { Layout } from '../layout'

/** Notices, newest due first, with acknowledge ("being renewed") for admins and officers. */
export async function noticeList(p: Page, message?: { ok: boolean; text: string }) {
  const { t, c } = p
  const q = c.req.query()
  const page = await p.api(
    'GET',
    `/notices?${query({ state: q.state, cursor: q.cursor, limit: 50 })}`
  )
  const principal = c.get('principal')
  const canAck = principal.role === 'admin' || principal.role === 'officer'
  const csrf = c.get('session')?.csrf
  return (
    <Layout page={p} title={t('notices')} path="/console/notices">
      {message && <Flash ok={message.ok}>{message.text}</Flash>}
      <table>
        <thead>
          <tr>
            <th scope="col">{t('holder')}</th>
            <th scope="col">{t('serial')}</th>
            <th scope="col">{t('threshold')}</th>
            <th scope="col">{t('due')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">{t('ack')}</th>
          </tr>
        </thead>
        <tbody>
          {page.body.items.map((n: any) => (
            <tr>
              <td>
                <a href={`/console/certificates/${n.certificateId}`}>{n.certificate.holderName}</a>
              </td>
              <td>
                <code>{n.certificate.serial}</code>
              </td>
              <td>
                {n.threshold === -2
                  ? t('revoked')
                  : n.threshold === -1
                    ? t('expired')
                    : n.threshold}
              </td>
              <td>{n.dueDate}</td>
              <td>
                <Badge status={n.state} label={n.state} />
              </td>
              <td>
                {n.acknowledged ? (
                  <>
                    {date(n.acknowledged.at)} ({n.acknowledged.by})
                    {canAck && (
                      <form method="post" action={`/console/notices/${n.id}/unack`}>
                        <Csrf token={csrf} />
                        <button type="submit">{t('unack')}</button>
                      </form>
                    )}
                  </>
                ) : (
                  canAck && (
                    <form method="post" action={`/console/notices/${n.id}/ack`}>
                      <Csrf token={csrf} />
                      <button type="submit">{t('ack')}</button>
                    </form>
                  )
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="pager">
        {page.body.nextCursor && (
          <a href={`/console/notices?${query({ state: q.state, cursor: page.body.nextCursor })}`}>
            {t('next')}
          </a>
        )}
      </div>
    </Layout>
  )
}
