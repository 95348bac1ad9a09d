import { term } from '../../lib/messages'
import { Badge, Csrf, Field, Flash } from '../components'
import { counted, date, dateTime, typedDay } from '../format'
import { errorsOf, query, type Page } from '../kit'
import { Layout } from '../layout'
import { candidates, PickField } from '../pick'

const STATES = ['pending', 'sent', 'failed', 'acknowledged', 'superseded', 'suppressed'] as const

/** The filters of the notices page, as they travel in its address. */
export const noticeFilters = (q: Record<string, string | undefined>) => ({
  state: q.state,
  threshold: q.threshold,
  agency: q.agency,
  from: q.from,
  to: q.to,
  certificateId: q.certificateId,
})

/**
 * Reminders, by state, threshold, agency and due date, with "being renewed" acknowledged one by
 * one or several at once; every action comes back to the same filtered page.
 */
export async function noticeList(p: Page, message?: { ok: boolean; text: string }) {
  const { t, c } = p
  const vi = p.lang === 'vi'
  const q = c.req.query()
  const filters = noticeFilters(q)
  const agency = q.agency ? (await candidates(p, 'agency', q.agency, 2))[0] : undefined
  const page = await p.api(
    'GET',
    `/notices?${query({ state: q.state, threshold: q.threshold, agencyId: agency?.id, certificateId: q.certificateId, from: typedDay(q.from), to: typedDay(q.to), cursor: q.cursor, limit: 50 })}`
  )
  const items: any[] = page.status === 200 ? page.body.items : []
  // A day that does not exist is said beside its field, not answered as an empty list.
  const errors = errorsOf(page)
  const principal = c.get('principal')
  const canAck = principal.role === 'admin' || principal.role === 'officer'
  const csrf = c.get('session')?.csrf
  const back = `/console/notices?${query({ ...filters, cursor: q.cursor })}`
  const now = new Date().toISOString()
  const thresholdWord = (n: number) =>
    n === -2 ? t('revoked') : n === -1 ? t('expired') : counted(p.lang, n, ['ngày', 'day', 'days'])
  return (
    <Layout page={p} title={t('notices')} path="/console/notices">
      {message && <Flash ok={message.ok}>{message.text}</Flash>}
      <form class="card" method="get" action="/console/notices">
        <div class="fields">
          <Field
            name="state"
            label={t('status')}
            value={q.state}
            options={[
              ['', t('all')],
              ...STATES.map((s) => [s, term('noticeState', s, p.lang)] as [string, string]),
            ]}
          />
          <Field
            name="threshold"
            label={t('threshold')}
            value={q.threshold}
            options={[
              ['', t('all')],
              ...[60, 30, 14, 7, 1].map((n) => [String(n), thresholdWord(n)] as [string, string]),
              ['-1', t('expired')],
              ['-2', t('revoked')],
            ]}
          />
          <PickField
            name="agency"
            label={t('agency')}
            kind="agency"
            value={q.agency}
            options={await candidates(p, 'agency', q.agency ?? '')}
          />
          <Field
            name="from"
            label={vi ? 'Đến hạn từ ngày (dd/mm/yyyy)' : 'Due from (dd/mm/yyyy)'}
            value={q.from}
            errors={errors}
            attrs={{ placeholder: 'dd/mm/yyyy', inputmode: 'numeric' }}
          />
          <Field
            name="to"
            label={vi ? 'đến ngày (dd/mm/yyyy)' : 'to (dd/mm/yyyy)'}
            value={q.to}
            errors={errors}
            attrs={{ placeholder: 'dd/mm/yyyy', inputmode: 'numeric' }}
          />
        </div>
        <p>
          <button type="submit">{t('filter')}</button>
        </p>
      </form>
      {canAck && items.some((n) => !n.acknowledged) && (
        <form id="bulk" method="post" action="/console/notices/ack-many" class="no-print">
          <Csrf token={csrf} />
          <input type="hidden" name="back" value={back} />
          <button type="submit">
            {vi ? 'Xác nhận đang gia hạn các mục đã chọn' : 'Acknowledge the selected'}
          </button>
        </form>
      )}
      {!items.length && <p>{t('noResults')}</p>}
      <div class="scroll">
        <table>
          <thead>
            <tr>
              {canAck && <th scope="col">{vi ? 'Chọn' : 'Select'}</th>}
              <th scope="col">{t('holder')}</th>
              <th scope="col">{t('serial')}</th>
              <th scope="col">{t('threshold')}</th>
              <th scope="col">{t('due')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('ack')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((n: any) => (
              <tr>
                {canAck && (
                  <td>
                    {!n.acknowledged && (
                      <input
                        type="checkbox"
                        form="bulk"
                        name="ids"
                        value={n.id}
                        aria-label={`${vi ? 'Chọn' : 'Select'} ${n.certificate.serial}`}
                      />
                    )}
                  </td>
                )}
                <td>
                  <a href={`/console/certificates/${n.certificateId}`}>
                    {n.certificate.holderName}
                  </a>
                </td>
                <td>
                  <code>{n.certificate.serial}</code>
                </td>
                <td>{thresholdWord(n.threshold)}</td>
                <td>{date(`${n.dueDate}T00:00:00+07:00`)}</td>
                <td>
                  <Badge status={n.state} label={term('noticeState', n.state, p.lang)} />
                </td>
                <td>
                  {n.renewalRequest ? (
                    <p>
                      <a href={`/console/requests/${n.renewalRequest.id}`}>
                        {vi ? 'Đã có yêu cầu gia hạn' : 'Renewal requested'}
                      </a>{' '}
                      ({term('requestState', n.renewalRequest.state, p.lang)})
                    </p>
                  ) : (
                    canAck &&
                    n.threshold >= 0 &&
                    n.certificate.notAfter > now && (
                      <p>
                        <a
                          href={`/console/requests/new?${query({ kind: 'renewal', serial: n.certificate.serial })}`}
                        >
                          {vi ? 'Lập yêu cầu gia hạn' : 'File the renewal request'}
                        </a>
                      </p>
                    )
                  )}
                  {n.acknowledged ? (
                    <>
                      {vi ? 'Đã xác nhận đang gia hạn' : 'Acknowledged'}:{' '}
                      {dateTime(n.acknowledged.at)} ({n.acknowledged.by})
                      {canAck && (
                        <form method="post" action={`/console/notices/${n.id}/unack`}>
                          <Csrf token={csrf} />
                          <input type="hidden" name="back" value={back} />
                          <button type="submit">{t('unack')}</button>
                        </form>
                      )}
                    </>
                  ) : (
                    canAck && (
                      <form method="post" action={`/console/notices/${n.id}/ack`}>
                        <Csrf token={csrf} />
                        <input type="hidden" name="back" value={back} />
                        <button type="submit">{t('ack')}</button>
                      </form>
                    )
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="pager">
        {page.body?.nextCursor && (
          <a href={`/console/notices?${query({ ...filters, cursor: page.body.nextCursor })}`}>
            {t('next')}
          </a>
        )}
      </div>
    </Layout>
  )
}
