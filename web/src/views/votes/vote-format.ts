// Shared bits of the vote pages: status tags, dates in Chinese, the threshold sentence.
import type { Vote, VoteThreshold } from '../../api/votes'

export type TagType = 'info' | 'success' | 'warning' | 'danger' | 'primary'

/** draft | open | closed | published (a closed vote whose result is published). */
export function statusKey(v: Vote): 'draft' | 'open' | 'closed' | 'published' {
  if (v.status === 'closed' && v.published_at) return 'published'
  return v.status
}
export const statusTag: Record<string, TagType> = { draft: 'info', open: 'warning', closed: 'primary', published: 'success' }
export const outcomeTag = (o: string): TagType => (o === 'passed' ? 'success' : o === 'failed' || o === 'no_quorum' ? 'danger' : 'info')

/** 2026-11-29T08:00:00Z -> 2026年11月29日 16:00 (Beijing time) / Nov 29, 2026 16:00. */
export function dateTime(iso: string, locale: string): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return new Intl.DateTimeFormat(locale === 'en' ? 'en' : 'zh-CN', {
    year: 'numeric', month: locale === 'en' ? 'short' : 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Asia/Shanghai',
  }).format(d)
}

/** "≥ 2/3（66.67%）" or "> 1/2（50.00%）": the server rounds ≥ up and > down, and the reached share to the nearest hundredth unless that would contradict `met`. */
export function neededText(t: VoteThreshold): string {
  return `${t.inclusive ? '≥' : '>'} ${t.needed}（${t.needed_percent ?? ''}%）`
}

/** Local datetime-picker value "YYYY-MM-DD HH:mm:ss" (Beijing) -> ISO with +08:00. */
export function toIso(local: string): string {
  if (!local) return ''
  return local.replace(' ', 'T') + '+08:00'
}
