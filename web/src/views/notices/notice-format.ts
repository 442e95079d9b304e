// Shared bits of the notice pages: dates the Chinese way, status colours, the board link.
import type { NoticeStatus } from '../../api/notices'

const BEIJING = 8 * 3600 * 1000

/** The date in Beijing of an ISO time as YYYY-MM-DD (for the date pickers). */
export function beijingDate(iso: string): string {
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return ''
  return new Date(t + BEIJING).toISOString().slice(0, 10)
}

/** The day after YYYY-MM-DD (an inclusive last day becomes the exclusive end). */
export function nextDay(date: string): string {
  const t = Date.parse(`${date}T00:00:00Z`)
  return new Date(t + 86400_000).toISOString().slice(0, 10)
}

/** The inclusive last day of a period ending at `endsAt` (an end at Beijing midnight belongs to the day before). */
export function lastDay(endsAt: string): string {
  const t = Date.parse(endsAt)
  if (Number.isNaN(t)) return ''
  const local = t + BEIJING
  const d = local % 86400_000 === 0 ? local - 1 : local
  return new Date(d).toISOString().slice(0, 10)
}

/** 2026年11月29日 (zh) or Nov 29, 2026 (en) from YYYY-MM-DD or an ISO time (in Beijing). */
export function dateText(value: string, locale: string): string {
  const d = value.length === 10 ? value : beijingDate(value)
  if (!d) return ''
  const [y, m, day] = d.split('-').map(Number)
  if (locale === 'zh-CN') return `${y}年${m}月${day}日`
  return new Date(Date.UTC(y, m - 1, day)).toLocaleDateString('en', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' })
}

/** 11月29日 14:05 in Beijing time. */
export function timeText(iso: string, locale: string): string {
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return ''
  const s = new Date(t + BEIJING).toISOString()
  const [, m, d] = s.slice(0, 10).split('-').map(Number)
  const hm = s.slice(11, 16)
  return locale === 'zh-CN' ? `${m}月${d}日 ${hm}` : `${s.slice(0, 10)} ${hm}`
}

export function periodText(startsAt: string, endsAt: string, locale: string): string {
  const sep = locale === 'zh-CN' ? '至' : ' – '
  return `${dateText(startsAt, locale)}${sep}${dateText(lastDay(endsAt), locale)}`
}

export const statusTag: Record<NoticeStatus, 'info' | 'warning' | 'success' | 'primary' | 'danger'> = {
  draft: 'info',
  scheduled: 'warning',
  published: 'success',
  ended: 'primary',
  archived: 'info',
}

/** The public board page of a notice (absolute, to copy or print). */
export const boardPath = (code: string, id?: number) => `/board/${code}${id ? `/${id}` : ''}`

/** "各位居民：" — a short opening line ending with a colon is not indented. */
export const isSalutation = (p: string) => /[：:]$/.test(p.trim()) && p.trim().length <= 20
