import { describe, expect, it } from 'vitest'
import { beijingDate, dateText, isSalutation, lastDay, nextDay, periodText } from './notice-format'

describe('notice dates (Beijing time)', () => {
  it('reads UTC times as Beijing dates', () => {
    expect(beijingDate('2026-11-28T16:00:00Z')).toBe('2026-11-29')
    expect(beijingDate('2026-11-28T15:59:59Z')).toBe('2026-11-28')
    expect(beijingDate('nonsense')).toBe('')
  })
  it('an end at Beijing midnight belongs to the day before', () => {
    expect(lastDay('2026-12-05T16:00:00Z')).toBe('2026-12-05')
    expect(lastDay('2026-12-06T04:00:00Z')).toBe('2026-12-06')
    expect(nextDay('2026-12-31')).toBe('2027-01-01')
  })
  it('writes dates the Chinese way', () => {
    expect(dateText('2026-11-28T16:00:00Z', 'zh-CN')).toBe('2026年11月29日')
    expect(periodText('2026-11-28T16:00:00Z', '2026-12-05T16:00:00Z', 'zh-CN')).toBe('2026年11月29日至2026年12月5日')
    expect(periodText('2026-11-28T16:00:00Z', '2026-12-05T16:00:00Z', 'en')).toBe('Nov 29, 2026 – Dec 5, 2026')
  })
  it('knows a salutation', () => {
    expect(isSalutation('各位居民：')).toBe(true)
    expect(isSalutation('经四方会谈讨论，方案如下：')).toBe(true)
    expect(isSalutation('特此公示。')).toBe(false)
  })
})
