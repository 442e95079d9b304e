// Client-side field rules mirroring the server's (src/domain/validation.h).

/** True for a mainland mobile (1[3-9] + 9 digits) or a landline (0 + area code, 7-8 digits, optional extension). */
export function isValidPhone(raw: string): boolean {
  const s = raw.replace(/\s+/g, '')
  if (/^1[3-9]\d{9}$/.test(s.replace(/-/g, ''))) return true
  return /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/.test(s)
}

/** Today as YYYY-MM-DD in local time. */
export function todayIso(): string {
  const d = new Date()
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}

/** Full years between birth (YYYY-MM-DD) and today; null when unknown. */
export function ageFrom(birth: string, today = todayIso()): number | null {
  // masked birth date (`1990-**-**`, docs/api.md): the age reached this year
  if (/^\d{4}-\*\*-\*\*$/.test(birth)) {
    const years = Number(today.slice(0, 4)) - Number(birth.slice(0, 4))
    return years < 0 ? null : years
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(birth)) return null
  let age = Number(today.slice(0, 4)) - Number(birth.slice(0, 4))
  if (today.slice(5) < birth.slice(5)) age--
  return age < 0 ? null : age
}
