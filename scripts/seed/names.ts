/** Vietnamese names and places for demo data (fictional people of a fictional province). */
export const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Đinh', 'Trương']
export const MIDDLE = ['Văn', 'Thị', 'Đức', 'Minh', 'Hữu', 'Quang', 'Thanh', 'Ngọc', 'Thu', 'Kim', 'Xuân', 'Đình', 'Công', 'Thùy', 'Hồng']
export const GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Đức', 'Giang', 'Hà', 'Hải', 'Hạnh', 'Hiếu', 'Hoa', 'Hùng', 'Hương', 'Khánh', 'Lan', 'Linh', 'Long', 'Mai', 'Minh', 'Nam', 'Nga', 'Ngọc', 'Phong', 'Phúc', 'Quân', 'Quỳnh', 'Sơn', 'Tâm', 'Thảo', 'Thắng', 'Trang', 'Trung', 'Tuấn', 'Vân', 'Việt', 'Yến', 'Đạt', 'Huyền', 'Lộc', 'Nhung']
export const POSITIONS = ['Giám đốc', 'Phó Giám đốc', 'Chánh Văn phòng', 'Trưởng phòng', 'Phó Trưởng phòng', 'Chuyên viên', 'Chuyên viên chính', 'Kế toán trưởng', 'Văn thư', 'Chủ tịch UBND', 'Phó Chủ tịch UBND', 'Công chức Văn phòng - Thống kê']

export const DEPARTMENTS: [code: string, name: string][] = [
  ['VPUB', 'Văn phòng Ủy ban nhân dân tỉnh'],
  ['VPDD', 'Văn phòng Đoàn Đại biểu Quốc hội và Hội đồng nhân dân tỉnh'],
  ['SNV', 'Sở Nội vụ'],
  ['STC', 'Sở Tài chính'],
  ['SXD', 'Sở Xây dựng'],
  ['SKHCN', 'Sở Khoa học và Công nghệ'],
  ['SNNMT', 'Sở Nông nghiệp và Môi trường'],
  ['SGDDT', 'Sở Giáo dục và Đào tạo'],
  ['SYT', 'Sở Y tế'],
  ['SVHTTDL', 'Sở Văn hóa, Thể thao và Du lịch'],
  ['SCT', 'Sở Công Thương'],
  ['STP', 'Sở Tư pháp'],
  ['SNGV', 'Sở Ngoại vụ'],
  ['SDTTG', 'Sở Dân tộc và Tôn giáo'],
  ['TTRA', 'Thanh tra tỉnh'],
  ['BQLKCN', 'Ban Quản lý các khu công nghiệp'],
  ['DPTTH', 'Đài Phát thanh và Truyền hình tỉnh'],
  ['TTPVHCC', 'Trung tâm Phục vụ hành chính công tỉnh'],
  ['BQLDA', 'Ban Quản lý dự án đầu tư xây dựng tỉnh'],
  ['QPTDL', 'Quỹ Phát triển đất tỉnh'],
  ['TDL', 'Trường Đại học tỉnh'],
  ['BVDK', 'Bệnh viện Đa khoa tỉnh'],
  ['CDC', 'Trung tâm Kiểm soát bệnh tật tỉnh'],
  ['BHXH', 'Bảo hiểm xã hội tỉnh'],
  ['KBNN', 'Kho bạc Nhà nước khu vực'],
]
export const UNITS = ['Văn phòng', 'Phòng Kế hoạch - Tài chính', 'Phòng Tổ chức cán bộ', 'Phòng Nghiệp vụ', 'Trung tâm Dịch vụ']
export const COMMUNE_FIRST = ['Tân', 'An', 'Phú', 'Hòa', 'Bình', 'Long', 'Thạnh', 'Đông', 'Tây', 'Vĩnh', 'Hưng', 'Phước', 'Thuận', 'Quang', 'Xuân', 'Mỹ', 'Thanh', 'Đức', 'Hiệp', 'Lạc']
export const COMMUNE_SECOND = ['Sơn', 'Hải', 'Lợi', 'Thành', 'Khánh', 'Lộc', 'Điền', 'Nghĩa', 'Trung', 'Hưng', 'Phú', 'Bình', 'Đồng', 'Giang', 'Hòa']
export const ISSUER = 'CN=CA phục vụ các cơ quan Nhà nước G2,O=Ban Cơ yếu Chính phủ,C=VN'
export const ISSUER_OLD = 'CN=CA phục vụ các cơ quan Nhà nước,O=Ban Cơ yếu Chính phủ,C=VN'
export const TOKEN_MODELS = ['Bkav CA Token', 'ePass3003 Auto', 'SafeNet eToken 5110', 'VGCA Token G2']
