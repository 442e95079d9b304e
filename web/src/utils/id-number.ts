// GB 11643 18-digit citizen ID numbers: the same rules as the server (src/domain/validation.h).

export type IdNumberReason = 'id_number_length' | 'id_number_chars' | 'id_number_birth_date' | 'id_number_checksum'

export interface IdNumberInfo {
  birth_date: string // YYYY-MM-DD
  sex: 'male' | 'female'
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK = '10X98765432'

/** Upper-cases a trailing x and trims spaces. */
export function normalizeIdNumber(id: string): string {
  return id.trim().replace(/\s+/g, '').toUpperCase()
}

/** ISO 7064 MOD 11-2 check character of the first 17 digits. */
export function idNumberCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]
  return CHECK[sum % 11]
}

function isRealDate(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d))
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d
}

/** Validates an ID number; `today` is YYYY-MM-DD. Returns the parts or the reason it is wrong. */
export function parseIdNumber(raw: string, today: string): { ok: true; info: IdNumberInfo } | { ok: false; reason: IdNumberReason } {
  const id = normalizeIdNumber(raw)
  if (id.length !== 18) return { ok: false, reason: 'id_number_length' }
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, reason: 'id_number_chars' }
  const y = Number(id.slice(6, 10))
  const m = Number(id.slice(10, 12))
  const d = Number(id.slice(12, 14))
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`
  if (y < 1900 || !isRealDate(y, m, d) || birth > today) return { ok: false, reason: 'id_number_birth_date' }
  if (idNumberCheckChar(id.slice(0, 17)) !== id[17]) return { ok: false, reason: 'id_number_checksum' }
  return { ok: true, info: { birth_date: birth, sex: Number(id[16]) % 2 === 1 ? 'male' : 'female' } }
}
