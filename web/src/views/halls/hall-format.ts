// Texts of a hall's opening: "12月1日（周二）14:00–17:30" / "Tue, Dec 1, 14:00–17:30".
import type { Hall, HallOpening } from '../../api/halls'

const ZH_WEEKDAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日']
const EN_WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** ISO weekday (1 = Monday) of a local date YYYY-MM-DD. */
export function weekdayOf(date: string): number {
  const d = new Date(`${date}T00:00:00Z`)
  return ((d.getUTCDay() + 6) % 7) + 1
}

/** The Beijing date YYYY-MM-DD of an instant. */
export function beijingToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
}

/** "今天 14:00–17:30" / "12月4日（周五）09:00–11:30"; English the same way. */
export function openingText(o: HallOpening, locale: string, today: string = beijingToday()): string {
  const wd = weekdayOf(o.date)
  const [, m, d] = o.date.split('-').map(Number)
  const time = `${o.start}–${o.end}`
  const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86400_000).toISOString().slice(0, 10)
  if (locale === 'zh-CN') {
    if (o.date === today) return `今天 ${time}`
    if (o.date === tomorrow) return `明天（${ZH_WEEKDAYS[wd - 1]}）${time}`
    return `${m}月${d}日（${ZH_WEEKDAYS[wd - 1]}）${time}`
  }
  if (o.date === today) return `today ${time}`
  if (o.date === tomorrow) return `tomorrow (${EN_WEEKDAYS[wd - 1]}) ${time}`
  return `${EN_WEEKDAYS[wd - 1]}, ${EN_MONTHS[m - 1]} ${d}, ${time}`
}

/** The hours in English ("Tue 14:00–17:30; Fri 09:00–11:30"); Chinese comes from the server. */
export function hoursText(h: Pick<Hall, 'hours' | 'hours_text'>, locale: string): string {
  if (locale === 'zh-CN') return h.hours_text
  return [...h.hours]
    .sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start))
    .map((x) => `${EN_WEEKDAYS[x.weekday - 1]} ${x.start}–${x.end}`)
    .join('; ')
}
