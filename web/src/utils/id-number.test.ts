import { describe, expect, it } from 'vitest'
import { idNumberCheckChar, parseIdNumber } from './id-number'

describe('parseIdNumber', () => {
  it('accepts the GB 11643 example and reads birth date and sex', () => {
    const r = parseIdNumber('11010519491231002X', '2026-01-01')
    expect(r).toEqual({ ok: true, info: { birth_date: '1949-12-31', sex: 'female' } })
  })
  it('accepts a lower-case x', () => {
    expect(parseIdNumber('11010519491231002x', '2026-01-01').ok).toBe(true)
  })
  it('computes the check character', () => {
    expect(idNumberCheckChar('11010519491231002')).toBe('X')
  })
  it('rejects a wrong check digit', () => {
    expect(parseIdNumber('110105194912310021', '2026-01-01')).toEqual({ ok: false, reason: 'id_number_checksum' })
  })
  it('rejects wrong length, characters and dates', () => {
    expect(parseIdNumber('1101051949123100', '2026-01-01')).toEqual({ ok: false, reason: 'id_number_length' })
    expect(parseIdNumber('11010519491231A02X', '2026-01-01')).toEqual({ ok: false, reason: 'id_number_chars' })
    expect(parseIdNumber('110105194902300020', '2026-01-01')).toEqual({ ok: false, reason: 'id_number_birth_date' })
    const future = '11010520300101001'
    expect(parseIdNumber(future + idNumberCheckChar(future), '2026-01-01')).toEqual({ ok: false, reason: 'id_number_birth_date' })
  })
})
