// Shared bits of the deliberation pages (议事协商): money in 元 from fen, the step index, opinions
// grouped by theme, the four parties of a meeting, task due dates.
import { dateText } from '../notices/notice-format'
import { STEPS, type Attendee, type DeliberationStep, type MeetingParty, type Opinion } from '../../api/deliberations'

export type TagType = 'info' | 'success' | 'warning' | 'danger' | 'primary'

/** 0..5 for the six steps, 6 once closed (el-steps `active`). */
export function stepIndex(step: DeliberationStep): number {
  const i = STEPS.indexOf(step)
  return i < 0 ? STEPS.length : i
}

export const stepTag = (step: DeliberationStep): TagType => (step === 'closed' ? 'success' : step === 'implement' || step === 'publish' ? 'primary' : step === 'collect' ? 'warning' : 'info')

/** 1234500 fen -> "12,345元" (zh) / "¥12,345" (en); cents only when there are any. null -> "". */
export function yuanText(fen: number | null | undefined, locale = 'zh-CN'): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return ''
  const neg = fen < 0
  const abs = Math.abs(Math.round(fen))
  const yuan = Math.floor(abs / 100)
  const cents = abs % 100
  let s = yuan.toLocaleString('en-US')
  if (cents) s += `.${String(cents).padStart(2, '0').replace(/0$/, '')}`
  if (neg) s = `-${s}`
  return locale === 'zh-CN' ? `${s}元` : `¥${s}`
}

/** "12,345.6" or "12345.60" (元, as typed) -> 1234560 fen; null when empty, NaN when not a sum of money. */
export function yuanToFen(text: string): number | null {
  const s = text.replace(/[,，\s元¥]/g, '')
  if (s === '') return null
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return NaN
  const [y, c = ''] = s.split('.')
  return Number(y) * 100 + Number(c.padEnd(2, '0'))
}

/** fen -> the 元 value to put back in an input ("12345.6"). */
export function fenToYuanInput(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return ''
  const cents = fen % 100
  return cents ? `${Math.floor(fen / 100)}.${String(cents).padStart(2, '0').replace(/0$/, '')}` : String(fen / 100)
}

export interface ThemeGroupView {
  /** "" = not grouped yet */
  theme: string
  opinions: Opinion[]
}

/** Opinions in their themes (in the order the themes first appear), ungrouped ones last. */
export function groupByTheme(opinions: Opinion[]): ThemeGroupView[] {
  const out: ThemeGroupView[] = []
  const at = new Map<string, ThemeGroupView>()
  for (const o of opinions) {
    const key = o.theme.trim()
    let g = at.get(key)
    if (!g) {
      g = { theme: key, opinions: [] }
      at.set(key, g)
      out.push(g)
    }
    g.opinions.push(o)
  }
  return out.sort((a, b) => (a.theme === '' ? 1 : 0) - (b.theme === '' ? 1 : 0))
}

/** How many opinions came from each source, in the order of `sources`. */
export function countBySource(opinions: Opinion[]): Record<string, number> {
  const c: Record<string, number> = {}
  for (const o of opinions) c[o.source] = (c[o.source] ?? 0) + 1
  return c
}

export const FOUR_PARTIES: MeetingParty[] = ['committee', 'residents', 'units', 'party']

/** The four parties nobody attended for (a 四方会谈 wants each of them). */
export function missingParties(attendees: Attendee[]): MeetingParty[] {
  const present = new Set(attendees.filter((a) => a.name.trim()).map((a) => a.party))
  return FOUR_PARTIES.filter((p) => !present.has(p))
}

/** Attendees grouped by party, in the order committee, residents, units, party, other. */
export function byParty(attendees: Attendee[]): { party: MeetingParty; names: string[] }[] {
  const order: MeetingParty[] = [...FOUR_PARTIES, 'other']
  return order.map((party) => ({ party, names: attendees.filter((a) => a.party === party).map((a) => a.name) })).filter((g) => g.names.length)
}

/** Whole days from `today` to `due` (both YYYY-MM-DD): negative when past due. */
export function daysUntil(due: string, today: string): number {
  const d = Date.parse(`${due}T00:00:00Z`)
  const t = Date.parse(`${today}T00:00:00Z`)
  if (Number.isNaN(d) || Number.isNaN(t)) return 0
  return Math.round((d - t) / 86400_000)
}

/** Today in Beijing as YYYY-MM-DD. */
export function beijingToday(now = Date.now()): string {
  return new Date(now + 8 * 3600_000).toISOString().slice(0, 10)
}

/** Local date-time picker "YYYY-MM-DD HH:mm" (Beijing) -> ISO with +08:00. */
export function localToIso(local: string): string {
  if (!local) return ''
  const s = local.trim().replace(' ', 'T')
  return `${s.length === 16 ? `${s}:00` : s}+08:00`
}

/** The step-output errors as one plain sentence per line (the server's Chinese messages). */
export function missingText(errors: { message: string }[]): string[] {
  return [...new Set(errors.map((e) => e.message).filter(Boolean))]
}

/** 2024年3月1日 10:00 (Beijing time) / Mar 1, 2024 10:00 — with the year: records span years. */
export function fullTime(iso: string, locale: string): string {
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return ''
  const hm = new Date(t + 8 * 3600_000).toISOString().slice(11, 16)
  return `${dateText(iso, locale)} ${hm}`
}
