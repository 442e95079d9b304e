import { describe, expect, it } from 'vitest'
import { day, dayRange, percent, toFen, yuan } from './property-format'

describe('property format', () => {
  it('money in 元 with 2 decimals from integer fen', () => {
    expect(yuan(88230)).toBe('882.30')
    expect(yuan(5)).toBe('0.05')
    expect(yuan(0)).toBe('0.00')
    expect(yuan(123456789)).toBe('1,234,567.89')
    expect(yuan(-1)).toBe('-0.01')
  })
  it('fen from typed 元', () => {
    expect(toFen('0.85')).toBe(85)
    expect(toFen('1.2')).toBe(120)
    expect(toFen(3)).toBe(300)
    expect(toFen('0.855')).toBeNaN()
    expect(toFen('abc')).toBeNaN()
  })
  it('days in Chinese', () => {
    expect(day('2026-11-29', 'zh-CN')).toBe('2026年11月29日')
    expect(day('2026-08-01', 'zh-CN')).toBe('2026年8月1日')
    expect(day('2026-08-01', 'en')).toBe('Aug 1, 2026')
    expect(dayRange('2026-08-01', '2027-07-31', 'zh-CN')).toBe('2026年8月1日至2027年7月31日')
  })
  it('percent', () => {
    expect(percent(0.6)).toBe('60%')
    expect(percent(0.3333)).toBe('33.3%')
  })
})
