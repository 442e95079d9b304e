// Shared bits of the property pages: money in 元 from integer fen, days in Chinese, percentages.

/** 88230 -> "882.30"; 123456789 -> "1,234,567.89" (exact: integer arithmetic, no floating point). */
export function yuan(fen: number): string {
  const neg = fen < 0
  const v = Math.abs(Math.round(fen))
  const whole = Math.floor(v / 100)
  const cents = String(v % 100).padStart(2, '0')
  const grouped = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${neg ? '-' : ''}${grouped}.${cents}`
}

/** "2026-11-29" -> "2026年11月29日" / "Nov 29, 2026". */
export function day(d: string, locale: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d ?? '')
  if (!m) return d ?? ''
  if (locale === 'en') {
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
    return `${months[Number(m[2]) - 1]} ${Number(m[3])}, ${m[1]}`
  }
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`
}

/** "2026-08-01", "2027-07-31" -> "2026年8月1日至2027年7月31日". */
export function dayRange(from: string, to: string, locale: string): string {
  return locale === 'en' ? `${day(from, locale)} – ${day(to, locale)}` : `${day(from, locale)}至${day(to, locale)}`
}

/** 0.6 -> "60%", 0.3333 -> "33.3%". */
export function percent(share: number): string {
  const p = Math.round(share * 1000) / 10
  return `${Number.isInteger(p) ? p.toFixed(0) : p.toFixed(1)}%`
}

/** 2.8 -> "2.80". */
export function score(avg: number): string {
  return avg.toFixed(2)
}

/** Yuan typed by staff ("0.85", "1.2") -> fen (85, 120); NaN when not a number with at most 2 decimals. */
export function toFen(text: string | number): number {
  const s = String(text).trim()
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return NaN
  const [w, f = ''] = s.split('.')
  return Number(w) * 100 + Number(f.padEnd(2, '0'))
}
