// Vietnamese messages of a plan's report settings (the plan page's "Báo
// cáo" tab, pages/PlanReportSettings.tsx; docs/reports.md §Settings).
// Registered in i18n/index.ts; report-settings.en.ts is typed against this
// file, so a missing or extra key fails the type check.
export const viReportSettings = {
  'rset.tab': 'Báo cáo',
  'rset.heading': 'Thiết lập báo cáo định kỳ',
  'rset.intro': 'Áp dụng cho các báo cáo 6 tháng và báo cáo năm thuộc kế hoạch này: số liệu tính trong khoảng thời gian nào, hạn nộp khi nào và nhắc việc trước bao nhiêu ngày.',
  'rset.state.default': 'Đang dùng mặc định',
  'rset.state.default.more': 'kế hoạch này chưa có thiết lập riêng.',
  'rset.state.stored': 'Thiết lập riêng của kế hoạch này',
  'rset.state.stored.more': 'đã thay cho thiết lập mặc định.',

  'rset.window': 'Kỳ số liệu báo cáo',
  'rset.window.decree_09': 'Theo Nghị định 09/2019/NĐ-CP',
  'rset.window.decree_09.more': '6 tháng: 15/12 năm trước – 14/6; năm: 15/12 năm trước – 14/12',
  'rset.window.calendar': 'Theo năm dương lịch',
  'rset.window.calendar.more': '6 tháng: 1/1 – 30/6; năm: 1/1 – 31/12',

  'rset.due': 'Hạn nộp',
  'rset.due.s1': 'Báo cáo 6 tháng đầu năm',
  'rset.due.s2': 'Báo cáo 6 tháng cuối năm',
  'rset.due.annual': 'Báo cáo năm',
  'rset.day': 'Ngày',
  'rset.month': 'Tháng',
  'rset.monthN': 'Tháng {n}',
  'rset.year': 'Năm',
  'rset.offset.0': 'cùng năm',
  'rset.offset.1': 'năm sau',
  'rset.date': 'ngày {day}/{month}',
  'rset.dateNext': 'ngày {day}/{month} năm sau',

  'rset.dueDayCounts': 'Nộp trong ngày hết hạn vẫn tính là đúng hạn',
  'rset.dueDayCounts.hint': 'Bỏ chọn nếu hiểu “trước ngày 15/6” là phải nộp chậm nhất ngày 14/6.',
  'rset.reminder': 'Nhắc việc trước hạn (ngày)',
  'rset.reminder.hint': 'Từ 0 đến 60. Mục “Việc cần làm” nhắc đơn vị từ bấy nhiêu ngày trước hạn cho đến khi nộp báo cáo.',

  'rset.view.due.s1': 'Hạn nộp báo cáo 6 tháng đầu năm',
  'rset.view.due.s2': 'Hạn nộp báo cáo 6 tháng cuối năm',
  'rset.view.due.annual': 'Hạn nộp báo cáo năm',
  'rset.view.dueDay': 'Nộp trong ngày hết hạn',
  'rset.view.dueDay.yes': 'vẫn tính là đúng hạn',
  'rset.view.dueDay.no': 'tính là nộp muộn',
  'rset.view.reminder': 'Nhắc việc',
  'rset.view.reminder.days': '{n} ngày trước hạn',
  'rset.view.reminder.one': '1 ngày trước hạn',
  'rset.view.reminder.zero': 'từ ngày hết hạn',

  'rset.early.title': 'Hạn nộp đến trước khi hết kỳ số liệu',
  'rset.early.item': '{report}: hạn nộp {due} nhưng số liệu tính đến hết {end}. Nên dời sang {suggest}.',
  'rset.early.note': 'Vẫn lưu được nếu kế hoạch muốn như vậy.',
  'rset.early.apply': 'Dùng hạn gợi ý',

  'rset.save': 'Lưu thiết lập',
  'rset.discard': 'Bỏ thay đổi',
  'rset.saved': 'Đã lưu thiết lập báo cáo của kế hoạch.',
  'rset.readOnly': 'Chỉ cán bộ cấp tỉnh, cấp huyện của đơn vị lập kế hoạch mới sửa được thiết lập này.',

  'rset.error.feb29': '{report}: không đặt hạn nộp ngày 29/2 được vì không phải năm nào cũng có ngày này.',
  'rset.error.day': '{report}: tháng {month} chỉ có {days} ngày.',
  'rset.error.month': '{report}: tháng phải từ 1 đến 12.',
  'rset.error.reminder': 'Số ngày nhắc việc phải là số nguyên từ 0 đến 60.',
} as const;
