import { vnDate } from './time'

/**
 * The catalogue of what the registry says to people when it refuses something: each problem code
 * with its Vietnamese and English text, the words for the values it names (statuses, kinds) and
 * for the fields it points at. Vietnamese is the default; a problem is rendered in the language
 * the request asked for. Templates name their values: `{serial}`, a term `{status|deviceStatus}`,
 * a date `{at|date}` (dd/mm/yyyy, Vietnam time) or a field label `{path|field}`.
 */
export type Lang = 'vi' | 'en'
export type Params = Record<string, string | number | null | undefined>

type Pair = readonly [vi: string, en: string]

const TERMS = {
  certificateStatus: {
    active: ['còn hiệu lực', 'active'],
    expired: ['đã hết hạn', 'expired'],
    revoked: ['đã thu hồi', 'revoked'],
    not_yet_valid: ['chưa có hiệu lực', 'not yet valid'],
    on_hold: ['đang bị tạm dừng', 'on hold'],
    replaced: ['đã được thay thế', 'already replaced'],
  },
  certificateKind: {
    personal: ['cá nhân', 'personal'],
    organisation: ['tổ chức (con dấu của cơ quan)', 'organisation (the agency seal)'],
    device_service: ['thiết bị, dịch vụ, phần mềm', 'device, service or software'],
  },
  holderKind: { person: ['cá nhân', 'person'], organisation: ['tổ chức', 'organisation'] },
  pdfProblem: {
    'not-der': ['chữ ký không phải cấu trúc DER', 'a signature is not DER'],
    'cut-short': ['chữ ký bị cắt cụt', 'a signature is cut short'],
    'contents-not-hex': ['/Contents không phải dạng hex', '/Contents is not hex'],
    'too-many': ['quá nhiều chữ ký', 'too many signatures'],
    'range-not-integers': [
      '/ByteRange không phải bốn số nguyên',
      'a /ByteRange is not four integers',
    ],
    'range-outside': [
      '/ByteRange trỏ ra ngoài tệp hoặc tự chồng lấn',
      'a /ByteRange points outside the file or overlaps itself',
    ],
    'range-gap': [
      '/ByteRange không chừa ra đúng phần /Contents',
      'a /ByteRange does not leave out exactly its /Contents',
    ],
    'range-repeated': [
      '/ByteRange lặp lại hoặc chồng lấn chữ ký trước',
      'a /ByteRange repeats or overlaps an earlier signature',
    ],
    unreadable: ['cấu trúc không đọc được', 'an unreadable structure'],
  },
  noticeState: {
    pending: ['chờ gửi', 'pending'],
    sent: ['đã gửi', 'sent'],
    failed: ['gửi không được', 'failed'],
    superseded: ['bỏ qua (đã có mốc mới hơn)', 'superseded'],
    suppressed: [
      'không gửi (đã gia hạn, thu hồi hoặc xác nhận trước khi gửi)',
      'not sent (renewed, revoked or acknowledged first)',
    ],
    acknowledged: ['đã xác nhận đang gia hạn', 'acknowledged (being renewed)'],
  },
  requestState: {
    draft: ['bản nháp', 'draft'],
    filed: ['đã nộp', 'filed'],
    returned: ['trả lại để bổ sung', 'returned for correction'],
    checked: ['đã kiểm tra', 'checked'],
    sent: ['đã gửi CA', 'sent to the CA'],
    done: ['hoàn thành', 'done'],
    refused: ['CA từ chối', 'refused by the CA'],
    cancelled: ['đã hủy', 'cancelled'],
  },
  requestAction: {
    file: ['nộp', 'file'],
    check: ['kiểm tra', 'check'],
    return: ['trả lại', 'return'],
    send: ['gửi CA', 'send to the CA'],
    done: ['hoàn thành', 'complete'],
    refuse: ['ghi nhận CA từ chối', 'record the CA’s refusal'],
    cancel: ['hủy', 'cancel'],
    edit: ['sửa', 'edit'],
  },
  requestKind: {
    issue: ['cấp mới', 'issue'],
    renewal: ['gia hạn', 'renewal'],
    change: ['thay đổi nội dung thông tin', 'change of details'],
    revocation: ['thu hồi', 'revocation'],
    recovery: ['khôi phục thiết bị lưu khóa bí mật', 'device recovery'],
  },
  auditAction: {
    'agency.create': ['thêm cơ quan', 'agency added'],
    'agency.update': ['sửa thông tin cơ quan', 'agency edited'],
    'agency.rename': ['đổi tên cơ quan', 'agency renamed'],
    'agency.merge': ['sáp nhập cơ quan', 'agency merged'],
    'agency.split': ['chia tách cơ quan', 'agency split'],
    'agency.dissolve': ['giải thể cơ quan', 'agency dissolved'],
    'agency.correct': ['đính chính sắp xếp cơ quan', 'reorganisation corrected'],
    'holder.create': ['thêm thuê bao', 'holder added'],
    'holder.update': ['sửa thông tin thuê bao', 'holder edited'],
    'holder.move': ['chuyển cơ quan', 'moved to another agency'],
    'holder.leave': ['nghỉ việc, chuyển công tác', 'left'],
    'certificate.create': ['ghi nhận chứng thư số', 'certificate recorded'],
    'certificate.update': ['sửa thông tin chứng thư số', 'certificate edited'],
    'certificate.revoke': ['thu hồi chứng thư số', 'certificate revoked'],
    'certificate.renew': ['gia hạn chứng thư số', 'certificate renewed'],
    'certificate.replace': ['cấp lại (thay thế) chứng thư số', 'certificate re-issued'],
    'certificate.correct': ['đính chính chứng thư số', 'certificate corrected'],
    'certificate.ocsp-check': ['hỏi trạng thái tại CA (OCSP)', "CA's OCSP asked"],
    'certificate.ocsp-disagrees': ['CA trả lời khác sổ đăng ký', 'the CA disagrees'],
    'device.create': ['thêm thiết bị', 'device added'],
    'device.update': ['sửa thông tin thiết bị', 'device edited'],
    'device.assign': ['bàn giao thiết bị', 'device handed over'],
    'device.return': ['thu hồi thiết bị về kho', 'device returned'],
    'device.lost': ['báo mất thiết bị', 'device reported lost'],
    'crl.import': ['nhập danh sách thu hồi (CRL)', 'CRL imported'],
    'issuer.create': ['đăng ký tổ chức cấp', 'issuer registered'],
    'issuer.update': ['sửa thông tin tổ chức cấp', 'issuer edited'],
    'issuer.add-key': ['thêm khóa của tổ chức cấp', 'issuer key added'],
    'notice.ack': ['xác nhận đang gia hạn', 'acknowledged: being renewed'],
    'notice.unack': ['bỏ xác nhận đang gia hạn', 'acknowledgement withdrawn'],
    'key.create': ['tạo khóa truy cập', 'key created'],
    'key.revoke': ['thu hồi khóa truy cập', 'key revoked'],
    'user.create': ['đăng ký người dùng', 'user registered'],
    'user.disable': ['khóa người dùng', 'user disabled'],
    'personal-data.read': ['xem dữ liệu cá nhân', 'personal data read'],
    'auth.sign-in': ['đăng nhập', 'signed in'],
    'auth.sign-out': ['đăng xuất', 'signed out'],
    'backup.run': ['sao lưu', 'backup'],
    'reminders.scan': ['quét nhắc hạn', 'reminder scan'],
    'request.create': ['lập yêu cầu', 'request drafted'],
    'request.update': ['sửa yêu cầu', 'request edited'],
    'request.file': ['nộp yêu cầu', 'request filed'],
    'request.check': ['kiểm tra yêu cầu', 'request checked'],
    'request.return': ['trả lại yêu cầu', 'request returned'],
    'request.send': ['gửi yêu cầu đến CA', 'request sent to the CA'],
    'request.done': ['yêu cầu hoàn thành', 'request done'],
    'request.refuse': ['CA từ chối yêu cầu', 'request refused by the CA'],
    'request.cancel': ['hủy yêu cầu', 'request cancelled'],
    'request.attach': ['đính kèm tệp vào yêu cầu', 'file attached to a request'],
    'holiday.create': ['thêm ngày vào lịch làm việc', 'calendar day entered'],
  },

  holderStatus: {
    in_post: ['đang công tác', 'in post'],
    transferred: ['chuyển công tác', 'transferred'],
    retired: ['nghỉ hưu', 'retired'],
    resigned: ['thôi việc', 'resigned'],
    deceased: ['từ trần', 'deceased'],
  },
  agencyKind: {
    province: ['tỉnh, thành phố', 'province or city'],
    department: ['sở, ban, ngành', 'department'],
    commune: ['xã, phường, đặc khu', 'commune or ward'],
    unit: ['đơn vị trực thuộc', 'unit'],
    other: ['cơ quan, tổ chức khác', 'other agency'],
  },
  agencyStatus: {
    active: ['đang hoạt động', 'active'],
    merged: ['đã sáp nhập', 'merged'],
    dissolved: ['đã giải thể', 'dissolved'],
  },
  deviceStatus: {
    in_stock: ['trong kho', 'in stock'],
    assigned: ['đã bàn giao', 'handed over'],
    lost: ['bị mất', 'lost'],
    damaged: ['bị hỏng', 'damaged'],
    retired: ['ngừng sử dụng', 'retired'],
  },
  role: {
    admin: ['quản trị (Sở)', 'admin (the department)'],
    officer: ['cán bộ cơ quan', 'agency officer'],
    auditor: ['kiểm tra', 'auditor'],
    public: ['khách', 'public'],
  },
  entity: {
    agency: ['cơ quan', 'agency'],
    holder: ['thuê bao', 'holder'],
    certificate: ['chứng thư số', 'certificate'],
    device: ['thiết bị', 'device'],
    notice: ['thông báo nhắc hạn', 'notice'],
    key: ['khóa truy cập', 'access key'],
    user: ['người dùng', 'user'],
    issuer: ['tổ chức cấp', 'issuer'],
    crl: ['danh sách thu hồi (CRL)', 'CRL'],
  },
  replacement: {
    renewal: ['gia hạn', 'renewal'],
    change: ['thay đổi nội dung thông tin', 'change of details'],
    device: ['cấp lại do thiết bị hỏng hoặc mất', 're-issue after a damaged or lost device'],
  },
  statusHint: {
    'return-first': [
      '; hãy ghi nhận thu hồi thiết bị, hoặc báo mất, trước',
      '; return it first, or report it lost',
    ],
    'use-operation': [
      '; hãy dùng thao tác bàn giao hoặc báo mất',
      '; use the hand-over or report-lost operation',
    ],
    none: ['', ''],
  },
  type: {
    string: ['chuỗi ký tự', 'text'],
    number: ['số', 'a number'],
    boolean: ['đúng/sai', 'true or false'],
    object: ['đối tượng JSON', 'a JSON object'],
    array: ['danh sách', 'a list'],
  },
} as const satisfies Record<string, Record<string, Pair>>

/** What each field is called, for people (never `holderId`). */
const FIELDS: Record<string, Pair> = {
  id: ['Mã', 'Id'],
  items: ['Người, thiết bị, chứng thư số được đề nghị', 'What the request concerns'],
  certificateKind: ['Loại chứng thư số', 'Certificate kind'],
  certificateId: ['Chứng thư số', 'Certificate'],
  cause: ['Nguyên nhân', 'Cause'],
  docNumber: ['Số, ký hiệu văn bản', 'Document number'],
  docDate: ['Ngày văn bản', 'Document date'],
  channel: ['Kênh gửi', 'Channel'],
  day: ['Ngày', 'Day'],
  agencyId: ['Cơ quan', 'Agency'],
  agencyCode: ['Mã cơ quan', 'Agency code'],
  parentId: ['Cơ quan cấp trên', 'Parent agency'],
  successorId: ['Cơ quan kế thừa', 'Successor agency'],
  holderId: ['Thuê bao (người được cấp)', 'Holder'],
  deviceId: ['Thiết bị', 'Device'],
  replacesId: ['Chứng thư số được thay thế', 'Replaced certificate'],
  replacement: ['Hình thức thay thế', 'Kind of replacement'],
  kind: ['Loại', 'Kind'],
  serial: ['Số hiệu (serial)', 'Serial'],
  issuer: ['Tổ chức cấp', 'Issuer'],
  subject: ['Chủ thể', 'Subject'],
  notBefore: ['Có hiệu lực từ', 'Valid from'],
  notAfter: ['Hết hạn', 'Valid until'],
  fingerprint: ['Vân tay SHA-256', 'SHA-256 fingerprint'],
  note: ['Ghi chú', 'Note'],
  reasonCode: ['Lý do thu hồi', 'Revocation reason'],
  revokedAt: ['Thời điểm thu hồi', 'Revocation time'],
  invalidityDate: ['Thời điểm khóa mất an toàn', 'Invalidity date'],
  fullName: ['Họ và tên', 'Full name'],
  nationalId: ['Số CCCD', 'CCCD number'],
  position: ['Chức vụ', 'Position'],
  email: ['Thư điện tử', 'E-mail'],
  emails: ['Thư điện tử', 'E-mails'],
  phone: ['Số điện thoại', 'Phone'],
  status: ['Trạng thái', 'Status'],
  code: ['Mã', 'Code'],
  name: ['Tên', 'Name'],
  model: ['Chủng loại', 'Model'],
  at: ['Thời điểm', 'When'],
  handoverRef: ['Số biên bản bàn giao', 'Hand-over record no.'],
  file: ['Tệp', 'File'],
  cursor: ['Trang', 'Page cursor'],
  from: ['Từ ngày', 'From'],
  to: ['Đến ngày', 'To'],
  reason: ['Lý do', 'Reason'],
  role: ['Vai trò', 'Role'],
  webhookUrl: ['Địa chỉ webhook', 'Webhook URL'],
  reminderDays: ['Các mốc nhắc hạn', 'Reminder days'],
  deviceSerial: ['Số serial thiết bị', 'Device serial'],
  serials: ['Các số hiệu', 'Serials'],
  aliases: ['Tên gọi khác', 'Other names'],
  parts: ['Phân chia', 'Parts'],
  '(body)': ['Nội dung yêu cầu', 'Request body'],
}

/** The catalogue: every problem code and field message, Vietnamese first. */
const MESSAGES = {
  // Requests in general
  'invalid-request': ['{list}', '{list}'],
  'invalid-field': ['{list}', '{list}'],
  'malformed-request': ['Không đọc được yêu cầu.', 'The request could not be read.'],
  'unsupported-media-type': [
    'Hãy gửi nội dung dạng application/json.',
    'Send the body as application/json.',
  ],
  'http-error': ['Không thực hiện được yêu cầu.', 'The request could not be handled.'],
  'route-not-found': ['Không có địa chỉ {method} {path}.', 'There is no {method} {path}.'],
  'not-found': ['Không có {entity|entity} với mã {id}.', 'No {entity|entity} with id {id}.'],
  'unknown-reference': ['không có {entity|entity} với mã này', 'no {entity|entity} with this id'],
  'internal-error': [
    'Hệ thống gặp lỗi; thay đổi (nếu có) chưa được lưu.',
    'Something went wrong on our side; the change, if any, was not saved.',
  ],
  misconfigured: [
    'Hệ thống chưa được cấu hình đúng: {names}. Xem README, phần Cấu hình.',
    'The registry is not configured correctly: {names}. See README, Configuration.',
  ],
  'body-too-large': [
    'Nội dung gửi lên lớn hơn giới hạn {limit} KiB.',
    'The body is larger than {limit} KiB.',
  ],
  'rate-limited': [
    'Quá nhiều yêu cầu từ địa chỉ này; vui lòng chờ một phút rồi thử lại.',
    'Too many requests from this address; wait a minute and try again.',
  ],
  'no-client-address': [
    'Yêu cầu không có địa chỉ máy khách nên không được phục vụ.',
    'The request carries no client address and is not served.',
  ],
  'registry-busy': [
    'Có quá nhiều thay đổi cùng lúc; chưa lưu gì. Vui lòng thử lại sau giây lát.',
    'Too many changes at the same moment; nothing was saved. Retry shortly.',
  ],
  'stale-version': [
    'Bản ghi đã thay đổi kể từ khi được đọc; hãy tải lại rồi thực hiện lại.',
    'The record changed since it was read; read it again and retry.',
  ],
  'concurrent-change': [
    'Bản ghi vừa được thay đổi trong lúc xử lý; hãy tải lại rồi thực hiện lại.',
    'The record changed while this request was processed; read it again and retry.',
  ],
  'reference-missing': [
    'Một bản ghi mà thay đổi này nhắc tới không (còn) tồn tại.',
    'A record this change refers to does not exist (any more).',
  ],
  'invalid-cursor': ['không phải trang do hệ thống trả về', 'not a cursor this API handed out'],
  'invalid-idempotency-key': [
    'Idempotency-Key phải gồm 1 đến 200 ký tự ASCII nhìn thấy được.',
    'Idempotency-Key must be 1 to 200 visible ASCII characters.',
  ],
  'idempotency-key-reused': [
    'Idempotency-Key này đã được dùng cho một yêu cầu khác.',
    'This Idempotency-Key was used for a different request.',
  ],
  'idempotency-key-in-use': [
    'Một yêu cầu với Idempotency-Key này đang được xử lý; hãy gửi lại để nhận kết quả.',
    'A request with this Idempotency-Key is being processed; retry to receive its answer.',
  ],
  'future-time': ['không được ở tương lai', 'must not be in the future'],
  // Who may do what
  'not-signed-in': [
    'Cần đăng nhập hoặc gửi khóa truy cập (Authorization: Bearer …).',
    'Sign in or send an API key (Authorization: Bearer …).',
  ],
  'invalid-credentials': [
    'Thông tin đăng nhập không hợp lệ (khóa có thể đã bị thu hồi).',
    'The credentials sent are not valid (the key may have been revoked).',
  ],
  'invalid-access-token': [
    'Mã xác thực Cloudflare Access không hợp lệ với ứng dụng này.',
    'The Cloudflare Access token is not valid for this application.',
  ],
  'not-registered': [
    'Danh tính Cloudflare Access này chưa được đăng ký; liên hệ Sở.',
    'This Access identity is not registered in the registry; ask the department.',
  ],
  'not-an-access-identity': [
    'Hãy gửi mã xác thực Cloudflare Access, không phải loại khác.',
    'Send the Cloudflare Access assertion, not another credential.',
  ],
  forbidden: [
    'Vai trò {role|role} không được thực hiện thao tác này.',
    'The {role|role} role may not do this.',
  ],
  'csrf-token-invalid': [
    'Biểu mẫu đã cũ hoặc không được gửi từ trang quản trị; hãy tải lại trang và thử lại.',
    'This form is out of date or was not sent from the console; reload and try again.',
  ],
  'key-revoked': ['Khóa truy cập đã bị thu hồi trước đó.', 'The key is already revoked.'],
  'user-disabled': ['Người dùng đã bị vô hiệu hóa trước đó.', 'The user is already disabled.'],
  'duplicate-email': ['Đã có người dùng với địa chỉ thư này.', 'A user with this e-mail exists.'],
  'officer-needs-agency': [
    'Cán bộ cơ quan phải gắn với một cơ quan; vai trò khác thì không.',
    'Officers need an agency; other roles have none.',
  ],
  // Values
  required: ['bắt buộc', 'required'],
  'wrong-type': ['phải là {expected|type}', 'must be {expected|type}'],
  'too-short': ['cần ít nhất {min} ký tự', 'at least {min} characters'],
  'too-long': ['tối đa {max} ký tự', 'at most {max} characters'],
  'too-small': ['không nhỏ hơn {min}', 'at least {min}'],
  'too-big': ['không lớn hơn {max}', 'at most {max}'],
  'too-few': ['cần ít nhất {min} mục', 'at least {min} items'],
  'too-many': ['tối đa {max} mục', 'at most {max} items'],
  'bad-format': ['không đúng định dạng', 'not in the expected format'],
  'bad-email': ['không phải địa chỉ thư điện tử', 'not an e-mail address'],
  'bad-url': ['không phải địa chỉ https hợp lệ', 'not a valid https URL'],
  'webhook-credentials': [
    'địa chỉ webhook không được chứa tên đăng nhập hay mật khẩu',
    'a webhook URL may not carry a user name or password',
  ],
  'webhook-https': ['địa chỉ webhook phải dùng https', 'a webhook URL must use https'],
  'webhook-public-host': [
    'địa chỉ webhook phải là tên miền công khai (không phải địa chỉ IP, máy nội bộ hay dịch vụ siêu dữ liệu)',
    'a webhook URL must name a public host (not an IP address, an internal host or a metadata service)',
  ],
  'bad-instant': [
    'không phải thời điểm hợp lệ (vd. 2026-03-01T09:30:00+07:00 hoặc ngày 2026-03-01)',
    'not a valid instant (e.g. 2026-03-01T09:30:00+07:00, or a date 2026-03-01)',
  ],
  'one-of': ['phải là một trong: {values}', 'must be one of: {values}'],
  'unknown-field': ['trường không được phép', 'unknown field'],
  empty: ['không được để trống', 'must not be empty'],
  'not-an-id': ['không phải mã của hệ thống', 'not an id of this registry'],
  'bad-serial': [
    'không phải số hiệu hợp lệ (hệ 16, cho phép dấu : và khoảng trắng, tối đa 32 byte)',
    'must be a hexadecimal serial (separators : and spaces allowed), at most 32 bytes',
  ],
  'bad-fingerprint': [
    'không phải vân tay SHA-256 (64 chữ số hệ 16)',
    'must be a SHA-256 fingerprint: 64 hex digits',
  ],
  'bad-cccd': ['số CCCD gồm đúng 12 chữ số', 'a CCCD has exactly 12 digits'],
  'bad-phone': ['số điện thoại gồm 8 đến 20 chữ số', 'a phone number: 8 to 20 digits'],
  'bad-agency-code': [
    'chỉ gồm chữ, số, dấu chấm, gạch ngang, gạch dưới; tối đa 50 ký tự',
    'letters, digits, dot, dash or underscore; at most 50',
  ],
  'bad-device-serial': [
    'chỉ gồm chữ, số và . _ : / - ; tối đa 64 ký tự',
    'letters, digits and . _ : / - ; at most 64',
  ],
  'bad-reason-code': [
    'phải là một mã lý do của RFC 5280: {codes}',
    'must be an RFC 5280 reason code: {codes}',
  ],
  'bad-date': ['không phải ngày hợp lệ (dd/mm/yyyy)', 'not a date (dd/mm/yyyy)'],
  'period-reversed': [
    'phải từ ngày bắt đầu trở về sau',
    'must not be before the start of the period',
  ],
  'organisation-no-cccd': ['tổ chức không có số CCCD', 'an organisation has no CCCD'],
  // Files
  'file-missing': [
    'Hãy gửi tệp: làm nội dung yêu cầu, hoặc trường "file" của biểu mẫu.',
    'Send the file: as the body, or as the "file" field of a form.',
  ],
  'file-too-large': [
    'Tệp lớn hơn giới hạn {limit} KiB.',
    'The file is larger than the limit of {limit} KiB.',
  ],
  'not-a-certificate': [
    'Tệp không phải chứng thư số X.509 (PEM hoặc DER), hoặc đã hỏng, bị cắt.',
    'The file is not an X.509 certificate (PEM or DER), or it is damaged or cut short.',
  ],
  'not-a-crl': [
    'Tệp không phải danh sách thu hồi X.509 (CRL, PEM hoặc DER), hoặc đã hỏng, bị cắt.',
    'The file is not an X.509 CRL (PEM or DER), or it is damaged or cut short.',
  ],
  'file-mismatch': [
    'Thông tin nhập không khớp với tệp chứng thư số: {list}',
    'What was typed does not agree with the certificate file: {list}',
  ],
  'disagrees-with-file': [
    'không khớp với tệp, tệp ghi {value}',
    'does not agree with the file, which says {value}',
  ],
  // Agencies
  'agency-not-empty': [
    'Cơ quan còn {units} đơn vị trực thuộc, {holders} người đang công tác và {devices} thiết bị; hãy chuyển chúng đi (chia tách, chuyển công tác, thu hồi thiết bị) trước khi giải thể.',
    'The agency still has {units} active units, {holders} persons in post and {devices} devices; place them elsewhere (split, move, take back) before dissolving it.',
  ],
  'not-of-this-agency': [
    '{id} không thuộc cơ quan này (hoặc được nêu hai lần)',
    '{id} is not of this agency (or is listed twice)',
  ],
  'nothing-to-correct': [
    'Cơ quan {code} không có lần sắp xếp (sáp nhập, chia tách, giải thể) nào để đính chính.',
    'Agency {code} has no reorganisation (merger, split, dissolution) to correct.',
  ],
  'agency-not-active': [
    'Cơ quan {code} {status|agencyStatus}; không ghi nhận thêm gì vào cơ quan này.',
    'Agency {code} is {status|agencyStatus}; nothing new is recorded under it.',
  ],
  'agency-cycle': [
    'Không thể đặt một cơ quan vào chính nó hoặc đơn vị trực thuộc của nó.',
    'An agency cannot be placed under (or merged into) itself or one of its own units.',
  ],
  'duplicate-code': ['Đã có cơ quan với mã này.', 'An agency with this code already exists.'],
  // Holders
  'holder-left': [
    '{name} đã {status|holderStatus}; không giao thêm chứng thư số hay thiết bị.',
    '{name} has left ({status|holderStatus}); no new certificate or device is given.',
  ],
  'move-needs-agency': ['cần chọn cơ quan chuyển đến', 'the agency moved to is needed'],
  'duplicate-national-id': [
    'Cơ quan này đã có thuê bao khác với số CCCD này.',
    'Another holder in this agency is registered with this CCCD.',
  ],
  'holder-kind-mismatch': [
    'chứng thư số loại {kind|certificateKind} cần thuê bao là {holderKind|holderKind}',
    'a {kind|certificateKind} certificate needs a holder of kind {holderKind|holderKind}',
  ],
  // Certificates
  'replacement-with-replaces': [
    'cần nêu cả chứng thư số được thay thế và hình thức thay thế',
    'a re-issue names both the replaced certificate and the kind of replacement',
  ],
  'reissue-needs-valid': [
    'Chứng thư số {serial} {state|certificateStatus} nên không cấp lại thay thế được; cần đề nghị cấp mới.',
    'Certificate {serial} is {state|certificateStatus} and cannot be replaced by a re-issue; a new issue (cấp mới) is needed.',
  ],
  'revoked-is-final': [
    'Chứng thư số {serial} đã thu hồi ngày {at|date}; thu hồi là cuối cùng, chỉ ghi chú còn sửa được (nhầm lẫn thì dùng đính chính).',
    'Certificate {serial} was revoked on {at|date}; revocation is final and only its note may change (a mistake is corrected, not edited).',
  ],
  'invalid-revocation': ['{list}', '{list}'],
  'not-revoked': [
    'Chứng thư số {serial} chưa bị thu hồi: không có gì để đính chính.',
    'Certificate {serial} is not revoked: there is nothing to correct.',
  ],
  'revocation-on-crl': [
    'Danh sách thu hồi (CRL) của tổ chức cấp ghi chứng thư số {serial} đã bị thu hồi: đó là xác nhận của CA, không đính chính được.',
    "The issuer's CRL lists certificate {serial} as revoked: that is the CA's word and cannot be corrected away.",
  ],
  'serial-under-other-issuer': [
    'Số hiệu {serial} đã được đăng ký với tổ chức cấp «{issuer}». Nếu đó là cùng một CA viết khác đi, hãy khai tên đó là tên gọi khác (alias) của tổ chức cấp đã đăng ký.',
    'Serial {serial} is already registered under the issuer «{issuer}». If that is the same CA written differently, register that name as an alias of the registered issuer.',
  ],
  'issuer-name-taken': [
    'Tên «{name}» đã chỉ tổ chức cấp {issuer}: một tên chỉ một CA.',
    'The name «{name}» already means the issuer {issuer}: one name, one CA.',
  ],
  'key-subject-mismatch': [
    'Chứng thư số CA này mang tên {subject}, không phải tên của tổ chức cấp ({dn}).',
    'This CA certificate is for {subject}, not for the issuer ({dn}).',
  ],
  'duplicate-serial': [
    'Chứng thư số có số hiệu này của tổ chức cấp này đã được đăng ký.',
    'A certificate with this serial from this issuer is already registered.',
  ],
  'duplicate-fingerprint': [
    'Chứng thư số có vân tay này đã được đăng ký.',
    'A certificate with this fingerprint is already registered.',
  ],
  'certificate-revoked': [
    'Chứng thư số đã bị thu hồi ngày {at|date}; không thể {action}.',
    'The certificate was revoked on {at|date} and cannot be {action}.',
  ],
  'certificate-replaced': [
    'Chứng thư số đã được thay thế bởi chứng thư số khác.',
    'That certificate has already been replaced by another one.',
  ],
  'fingerprint-fixed': [
    'Vân tay đã ghi là của chính chứng thư số, không thể thay đổi.',
    'The fingerprint on record comes from the certificate itself and cannot change.',
  ],
  'invalid-validity': ['{list}', '{list}'],
  'not-after-before-start': ['phải sau thời điểm bắt đầu hiệu lực', 'must be later than notBefore'],
  'validity-too-long': [
    'chứng thư số có hiệu lực tối đa {years} năm (đến {until|date})',
    'a certificate is valid for at most {years} years (until {until|date})',
  ],
  'renewal-too-long': [
    'gia hạn kéo dài tối đa {years} năm (đến {until|date})',
    'a renewal extends a certificate by at most {years} years (until {until|date})',
  ],
  'renewal-not-later': [
    'chứng thư số gia hạn phải hết hạn sau chứng thư số được gia hạn',
    'a renewal must end later than the certificate it renews',
  ],
  'holder-mismatch': [
    'Chứng thư số gia hạn hoặc cấp lại phải của cùng thuê bao với chứng thư số được thay thế.',
    'A renewal or re-issue must be for the same holder as the certificate it replaces.',
  ],
  'kind-mismatch': [
    'Chứng thư số gia hạn hoặc cấp lại phải cùng loại ({kind|certificateKind}).',
    'A renewal or re-issue must be of the same kind ({kind|certificateKind}).',
  ],
  'renewal-needs-valid': [
    'Chứng thư số {serial} {state|certificateStatus} nên không gia hạn được; cần đề nghị cấp mới.',
    'Certificate {serial} is {state|certificateStatus} and cannot be renewed; a new issue (cấp mới) is needed.',
  ],
  'revoked-before-valid': [
    'không được trước thời điểm chứng thư số bắt đầu có hiệu lực ({notBefore|date})',
    'must not be before the certificate became valid ({notBefore|date})',
  ],
  'invalidity-after-revocation': [
    'không được sau thời điểm thu hồi',
    'must not be after the revocation time',
  ],
  'issuer-unknown': [
    'Tổ chức cấp «{issuer}» chưa được đăng ký (tên hoặc tên gọi khác); đăng ký tổ chức cấp trước.',
    'The issuer «{issuer}» is not registered (by name or alias); register the issuer first.',
  ],
  'issuer-required': [
    'Có nhiều chứng thư số đã đăng ký cùng số hiệu {serial}; hãy chọn tổ chức cấp.',
    'Several registered certificates have serial {serial}; name the issuer.',
  ],
  'issuer-one-of': ['một trong: {issuers}', 'one of: {issuers}'],
  'duplicate-issuer': [
    'Tổ chức cấp {name} đã được đăng ký.',
    'An issuer named {name} is already registered.',
  ],
  'unknown-issuer': [
    'CRL do {issuer} cấp, chưa phải tổ chức cấp đã đăng ký; đăng ký chứng thư số của CA trước.',
    'The CRL is issued by {issuer}, which is not a registered issuer; register its CA certificate first.',
  ],
  'crl-signature-invalid': [
    'Chữ ký của CRL không khớp khóa nào của {name}.',
    "The CRL's signature does not verify with any key of {name}.",
  ],
  'crl-algorithm-unsupported': [
    'CRL được ký bằng thuật toán {algorithm}, hệ thống chưa kiểm tra được (hỗ trợ RSA, RSA-PSS, ECDSA); chưa ghi nhận gì.',
    'The CRL is signed with {algorithm}, which the registry cannot check (it supports RSA, RSA-PSS and ECDSA); nothing was recorded.',
  ],
  'crl-critical-extension': [
    'CRL có phần mở rộng bắt buộc (critical) {oid} mà hệ thống không hiểu; theo RFC 5280 không được dùng CRL này.',
    'The CRL carries a critical extension ({oid}) the registry does not understand; RFC 5280 says it must not be used.',
  ],
  'crl-older': [
    'Đã có CRL mới hơn của tổ chức cấp này (phát hành {thisUpdate|date}); CRL cũ hơn không thay thế được.',
    'A newer CRL of this issuer is already held (issued {thisUpdate|date}); an older one never overrides it.',
  ],
  'crl-base-missing': [
    'Đây là CRL bổ sung (delta) cho CRL đầy đủ số {base}, mà hệ thống chưa có; hãy nhập CRL đầy đủ đó trước.',
    'This is a delta CRL on complete CRL number {base}, which the registry does not hold; import that complete CRL first.',
  ],
  'backup-not-found': [
    'Không có bản sao lưu đầy đủ ngày {date}.',
    'There is no complete backup of {date}.',
  ],
  'restore-target-missing': [
    'Chưa gắn cơ sở dữ liệu đích (RESTORE_DB): tạo một D1 trống, áp dụng migration, gắn với tên RESTORE_DB rồi triển khai lại (README, Vận hành).',
    'No target database is bound (RESTORE_DB): create an empty D1, apply the migrations, bind it as RESTORE_DB and deploy again (README, Operations).',
  ],
  'job-not-found': ['Không có công việc {id}.', 'There is no job {id}.'],
  'export-not-ready': [
    'Công việc xuất {id} chưa xong; xem tiến độ tại /api/v1/jobs/{id}.',
    'Export {id} is not finished yet; see /api/v1/jobs/{id}.',
  ],
  // Requests (Nghị định 68/2024)
  'request-department-only': [
    'Chỉ cơ quan quản lý chứng thư số (Sở) mới được thực hiện bước “{action|requestAction}”.',
    'Only the department may “{action|requestAction}” a request.',
  ],
  'request-wrong-state': [
    'Yêu cầu đang ở trạng thái “{state|requestState}”, không thể “{action|requestAction}”.',
    'The request is {state|requestState}: it cannot be “{action|requestAction}”.',
  ],
  'request-needs-items': [
    'Yêu cầu phải nêu ít nhất một người, thiết bị hoặc chứng thư số.',
    'A request names at least one person, device or certificate.',
  ],
  'request-item-empty': [
    'cần nêu người, thiết bị hoặc chứng thư số',
    'name a person, device or certificate',
  ],
  'request-needs-certificate-kind': [
    'Đề nghị cấp mới phải nêu loại chứng thư số (Mẫu 01, 02 hoặc 03).',
    'An issue request names the certificate kind (Mẫu 01, 02 or 03).',
  ],
  'revocation-needs-cause': [
    'Đề nghị thu hồi phải nêu lý do (mã RFC 5280) và nguyên nhân.',
    'A revocation request gives its reason (RFC 5280 code) and cause.',
  ],
  'request-needs-device': [
    'Đề nghị khôi phục phải nêu thiết bị.',
    'A recovery request names the device.',
  ],
  'recovery-needs-custody': [
    'Thiết bị đang ở trạng thái {status|deviceStatus}: chỉ khôi phục được thiết bị đang giao cho người sử dụng.',
    'The device is {status|deviceStatus}: only a device in someone’s custody can be recovered.',
  ],
  'request-needs-holder': [
    'Đề nghị cấp mới phải nêu người được cấp.',
    'An issue request names the holder.',
  ],
  'holder-not-in-post': [
    'Người này không còn công tác: không đề nghị cấp mới được.',
    'This person is no longer in post: no new certificate can be requested.',
  ],
  'request-needs-certificate': [
    'Đề nghị này phải nêu chứng thư số liên quan.',
    'This request names the certificate it is about.',
  ],
  'revocation-not-recorded': [
    'Chứng thư số {serial} chưa được ghi nhận thu hồi: ghi nhận thu hồi trước khi hoàn tất yêu cầu.',
    'Certificate {serial} is not recorded as revoked: record the revocation before completing the request.',
  ],
  'request-needs-result': [
    'Hãy nêu chứng thư số mà CA đã cấp theo yêu cầu này.',
    'Name the certificate the CA issued for this request.',
  ],
  'result-other-holder': [
    'Chứng thư số này của người khác, không phải người trong yêu cầu.',
    'This certificate belongs to someone the request does not name.',
  ],
  'result-other-kind': [
    'Chứng thư số này khác loại với yêu cầu ({kind|certificateKind}).',
    'This certificate is not of the kind requested ({kind|certificateKind}).',
  ],
  'result-not-successor': [
    'Chứng thư số này không thay thế chứng thư số trong yêu cầu.',
    'This certificate does not replace the one the request names.',
  ],
  'request-needs-reason': ['Hãy nêu lý do.', 'Say why.'],
  'request-needs-channel': [
    'Hãy nêu kênh gửi đến CA (dịch vụ công trực tuyến, trục liên thông văn bản, hoặc văn bản giấy).',
    'Say how it went to the CA (online service, document exchange, or paper).',
  ],
  'backup-exists-today': [
    'Hôm nay đã có bản sao lưu (hoặc đang chạy): theo dõi tại /api/v1/jobs/{id}.',
    'Today’s backup exists or is running: follow /api/v1/jobs/{id}.',
  ],
  'request-item-other-agency': [
    'Yêu cầu chỉ nêu người, thiết bị, chứng thư số của chính cơ quan đề nghị (hoặc đơn vị trực thuộc).',
    'A request names only people, devices and certificates of its own agency (or below it).',
  ],
  'attachment-type': [
    'Tệp đính kèm phải là PDF, DOCX hoặc tệp đã ký số (CMS, .p7m/.p7s).',
    'An attachment is a PDF, a DOCX or a signed file (CMS, .p7m/.p7s).',
  ],
  'request-sent-in-future': [
    'Ngày gửi không thể ở tương lai.',
    'The day it was sent cannot be in the future.',
  ],
  'holiday-exists': ['Ngày {day} đã có trong lịch.', '{day} is already in the calendar.'],
  // Signed documents
  'document-unrecognised': [
    'Tệp không phải tài liệu PDF hay chữ ký CMS (.p7s, .p7m).',
    'The file is neither a PDF nor a CMS signature (.p7s, .p7m).',
  ],
  'document-malformed': [
    'Không đọc được chữ ký trong tài liệu: {why|pdfProblem}.',
    'The document’s signatures cannot be read: {why|pdfProblem}.',
  ],
  'document-encrypted': [
    'Tài liệu PDF được mã hóa: hãy gửi bản không mã hóa để kiểm tra chữ ký.',
    'The PDF is encrypted: send an unencrypted copy to check its signatures.',
  ],
  'signature-unreadable': [
    'Chữ ký không phải cấu trúc CMS SignedData đọc được.',
    'The signature is not a readable CMS SignedData.',
  ],
  'signature-too-large': [
    'Một chữ ký trong tài liệu lớn bất thường (trên 1 MiB): không kiểm tra.',
    'A signature in the document is unusually large (over 1 MiB): not checked.',
  ],
  'detached-content-missing': [
    'Chữ ký tách rời (.p7s) cần kèm tài liệu được ký: gửi nó trong trường "content".',
    'A detached signature (.p7s) needs the signed document: send it as the "content" field.',
  ],
  'export-too-large': [
    'Danh sách có hơn {limit} chứng thư số: hãy lọc hẹp lại, hoặc tạo công việc xuất (POST /api/v1/exports/certificates) rồi tải tệp khi xong.',
    'The list holds more than {limit} certificates: narrow the filter, or start an export job (POST /api/v1/exports/certificates) and download the file when it is done.',
  ],
  'issuer-not-registered': [
    'Tổ chức cấp {issuer} chưa được đăng ký (cùng chứng thư số của CA): chưa hỏi được.',
    'The issuer {issuer} is not registered with its CA certificate: it cannot be asked.',
  ],
  'issuer-without-ocsp': [
    'Chưa biết dịch vụ OCSP của {name}: chứng thư số của CA này không ghi địa chỉ OCSP.',
    '{name} has no known OCSP responder: its certificates name none.',
  ],
  'ocsp-failed': [
    'Không hỏi được dịch vụ OCSP {url}: {why}.',
    'The OCSP responder {url} could not be asked: {why}.',
  ],
  'issuer-without-crl-urls': [
    'Chưa biết địa chỉ phân phối CRL của {name}: hãy khai báo (hoặc ghi nhận một chứng thư số của CA này từ tệp).',
    '{name} has no known CRL distribution point: set one (or record one of its certificates from its file).',
  ],
  'crl-concurrent-import': [
    'Một CRL khác của tổ chức cấp này vừa được ghi nhận cùng lúc; chưa ghi gì, vui lòng thử lại.',
    'Another CRL of this issuer was imported at the same moment; nothing was written, retry.',
  ],
  // Devices and custody
  'device-held': [
    'Thiết bị {serial} đang có người giữ; hãy ghi nhận thu hồi thiết bị trước.',
    'Device {serial} already has a holder; record its return first.',
  ],
  'device-held-by-other': [
    'Thiết bị {serial} đang do người khác giữ; chứng thư số cá nhân chỉ đặt trên thiết bị của chính người đó.',
    'Device {serial} is held by someone else; a personal certificate goes only on its own holder’s device.',
  ],
  'device-carries-other': [
    'Thiết bị {serial} còn chứa chứng thư số còn hiệu lực của người khác: {certificates}. Thu hồi các chứng thư số đó, hoặc giao lại cho đúng người.',
    'Device {serial} still carries active certificates of someone else: {certificates}. Revoke them first, or hand it to their holder.',
  ],
  'duplicate-device-serial': [
    'Đã có thiết bị với số serial này.',
    'A device with this serial is already registered.',
  ],
  'device-status-change': [
    'Thiết bị không thể chuyển từ {from|deviceStatus} sang {to|deviceStatus}{hint|statusHint}.',
    'A device cannot go from {from|deviceStatus} to {to|deviceStatus}{hint|statusHint}.',
  ],
  'device-not-available': [
    'Thiết bị {serial} {status|deviceStatus}, không dùng được cho thao tác này.',
    'Device {serial} is {status|deviceStatus} and cannot be used for this.',
  ],
  'device-taken': [
    'Thiết bị vừa được bàn giao cho người khác cùng lúc.',
    'The device was handed over to someone else at the same moment.',
  ],
  'device-not-assigned': [
    'Thiết bị {serial} không có người giữ để thu hồi (đang {status|deviceStatus}).',
    'Device {serial} has no holder to return it from (it is {status|deviceStatus}).',
  ],
  'handover-before-return': [
    'thiết bị đã được trả ngày {at|date}; không thể bàn giao trước đó',
    'the device came back on {at|date}; a hand-over cannot be earlier',
  ],
  'lost-before-handover': [
    'thiết bị được bàn giao ngày {at|date}; không thể mất trước đó',
    'the device was handed over on {at|date}; it cannot have been lost earlier',
  ],
  'return-before-handover': [
    'thiết bị được bàn giao ngày {at|date}; không thể trả trước đó',
    'the device was handed over on {at|date}; it cannot come back earlier',
  ],
  // Reminders
  'already-acknowledged': [
    'Chứng thư số đã được xác nhận đang gia hạn ngày {at|date}.',
    'The certificate was acknowledged as being renewed on {at|date}.',
  ],
  'not-acknowledged': [
    'Chứng thư số chưa được xác nhận đang gia hạn.',
    'The certificate is not acknowledged.',
  ],
  // Spreadsheets
  'bad-kind': [
    'phải là «cá nhân», «tổ chức» hoặc «thiết bị, dịch vụ»',
    'must be "cá nhân", "tổ chức" or "thiết bị, dịch vụ" (personal, organisation, device/service)',
  ],
  'unknown-agency-code': ['không có cơ quan mã {code}', 'no agency with code {code}'],
  'same-as-line': ['trùng chứng thư số ở dòng {line}', 'the same certificate as line {line}'],
  'ca-field-differs': [
    'khác với chứng thư số đã đăng ký ({registered}); thông tin này do CA ký, bảng tính không sửa được',
    'differs from the registered certificate ({registered}); the CA signed it, a spreadsheet cannot change it',
  ],
  'certificate-of-other-holder': [
    'chứng thư số {serial} đã đăng ký cho thuê bao khác; bảng tính không chuyển chứng thư số sang người khác',
    'certificate {serial} is registered to another holder; a spreadsheet does not give it to someone else',
  ],
  'holder-without-cccd': [
    'cơ quan có thuê bao «{name}» chưa có số CCCD: bổ sung CCCD cho người đó trước, để không nhầm người trùng tên',
    'the agency has a holder «{name}» without a CCCD: add the CCCD to that holder first, so namesakes are not confused',
  ],
  'holder-ambiguous': [
    'cơ quan có nhiều thuê bao tên «{name}»: ghi số CCCD để chỉ đúng người',
    'the agency has several holders named «{name}»: give the CCCD to say which',
  ],
  'import-concurrent-change': [
    'Một chứng thư số trong tệp vừa được thay đổi trong lúc nhập; hãy nhập lại tệp (nhập lại không tạo trùng).',
    'A certificate in the file changed while it was imported; import the file again (it is idempotent).',
  ],
  'empty-file': ['Tệp không có dòng nào.', 'The file has no rows.'],
  'request-sheet-rejected': [
    'Bảng tính có dòng không xác định được người, chứng thư số hoặc thiết bị của cơ quan: chưa lưu gì.',
    'Some rows of the sheet name no person, certificate or device of the agency: nothing was saved.',
  ],
  'sheet-names-nothing': [
    'không có «{value}» trong cơ quan này',
    'nothing in this agency is «{value}»',
  ],
  'sheet-names-several': [
    '«{value}» ứng với nhiều mục: hãy ghi số CCCD hoặc số hiệu',
    '«{value}» names several: give the CCCD or the serial',
  ],
  'sheet-row-empty': [
    'dòng không ghi họ tên, CCCD, số hiệu hay số sê-ri thiết bị',
    'the row gives no name, CCCD, serial or device serial',
  ],
  'not-a-workbook': [
    'Tệp không phải bảng tính Excel (.xlsx) đọc được: hãy lưu lại bằng Excel, hoặc lưu dưới dạng CSV.',
    'The file is not a readable Excel workbook (.xlsx): save it again from Excel, or as CSV.',
  ],
  'missing-columns': ['Tệp thiếu các cột: {columns}.', 'The file lacks the columns: {columns}.'],
  'column-missing': ['thiếu cột này', 'column missing'],
  'too-many-rows': [
    'Bảng tính có {rows} dòng; mỗi lần gửi tối đa {max} dòng (chia nhỏ tệp: nhập lại không tạo trùng).',
    'The sheet has {rows} rows; send at most {max} a request (split it: the import is idempotent).',
  ],
  'import-rejected': [
    '{count} dòng không hợp lệ; với atomic=true không có gì được ghi.',
    '{count} rows are invalid; with atomic=true nothing was written.',
  ],
  'import-line': ['dòng {line}, cột {column}', 'line {line}, column {column}'],
} as const satisfies Record<string, Pair>

export type MessageCode = keyof typeof MESSAGES

/** Whether a text is a code of the catalogue (schemas name their messages by code). */
export const isMessageCode = (text: string): text is MessageCode => text in MESSAGES

const pick = (pair: Pair, lang: Lang) => pair[lang === 'vi' ? 0 : 1]

/** The label of a field for people; a nested path ("parts.0.holders") is named by its last word. */
export function fieldLabel(path: string, lang: Lang): string {
  const last =
    path
      .split('.')
      .filter((p) => !/^\d+$/.test(p))
      .pop() ?? path
  return FIELDS[last] ? pick(FIELDS[last], lang) : path
}

/** A term for a value (a status, a kind) in the language, or the value itself. */
export function term(set: keyof typeof TERMS, value: string, lang: Lang): string {
  const pair = (TERMS[set] as Record<string, Pair>)[value]
  return pair ? pick(pair, lang) : value
}

function format(value: Params[string], as: string | undefined, lang: Lang): string {
  if (value === null || value === undefined) return ''
  const text = String(value)
  if (!as) return text
  if (as === 'date') return Number.isNaN(Date.parse(text)) ? text : vnDate(new Date(text))
  if (as === 'field') return fieldLabel(text, lang)
  return as in TERMS ? term(as as keyof typeof TERMS, text, lang) : text
}

/** A message of the catalogue in a language, its values filled in; an unknown code is said as is. */
export function say(code: string, params: Params = {}, lang: Lang = 'vi'): string {
  if (!isMessageCode(code)) return code
  return pick(MESSAGES[code], lang).replace(/\{(\w+)(?:\|(\w+))?\}/g, (_, name, as) =>
    format(params[name], as, lang)
  )
}

/** Every code with its two texts, as the OpenAPI document lists them. */
export const catalogue = () =>
  Object.fromEntries(Object.entries(MESSAGES).map(([code, [vi, en]]) => [code, { vi, en }]))

/** The language asked for: English when it is preferred over Vietnamese, else Vietnamese. */
export function languageOf(acceptLanguage: string | undefined): Lang {
  const first = (acceptLanguage ?? '').split(',')[0]?.trim().toLowerCase() ?? ''
  return first.startsWith('en') ? 'en' : 'vi'
}
