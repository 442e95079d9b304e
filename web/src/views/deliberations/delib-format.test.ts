import { describe, expect, it } from 'vitest'
import type { Opinion } from '../../api/deliberations'
import { fullTime, beijingToday, byParty, countBySource, daysUntil, fenToYuanInput, groupByTheme, localToIso, missingParties, missingText, stepIndex, yuanText, yuanToFen } from './delib-format'

const op = (id: number, theme = '', source: Opinion['source'] = 'online'): Opinion => ({
  id, source, theme, text: `意见${id}`, resident_id: null, user_id: null, author_name: '', anonymous: false, compound_id: null, compound_name: '', demand_id: null, hall_visit_id: null, created_at: '',
})

describe('money: typed in 元, kept in fen', () => {
  it('writes fen as 元', () => {
    expect(yuanText(1234500)).toBe('12,345元')
    expect(yuanText(1234560)).toBe('12,345.6元')
    expect(yuanText(5)).toBe('0.05元')
    expect(yuanText(0)).toBe('0元')
    expect(yuanText(1234500, 'en')).toBe('¥12,345')
    expect(yuanText(null)).toBe('')
  })
  it('reads 元 as fen, refusing what is not money', () => {
    expect(yuanToFen('12000')).toBe(1200000)
    expect(yuanToFen('12,000.5')).toBe(1200050)
    expect(yuanToFen(' 3.25 元')).toBe(325)
    expect(yuanToFen('0')).toBe(0)
    expect(yuanToFen('')).toBeNull()
    expect(yuanToFen('1.234')).toBeNaN()
    expect(yuanToFen('-5')).toBeNaN()
    expect(yuanToFen('三千')).toBeNaN()
  })
  it('puts fen back in the input as 元', () => {
    expect(fenToYuanInput(1200050)).toBe('12000.5')
    expect(fenToYuanInput(1200000)).toBe('12000')
    expect(fenToYuanInput(null)).toBe('')
    for (const f of [0, 1, 99, 100, 1234567]) expect(yuanToFen(fenToYuanInput(f))).toBe(f)
  })
})

describe('steps, themes, parties', () => {
  it('numbers the steps, closed after the sixth', () => {
    expect(stepIndex('collect')).toBe(0)
    expect(stepIndex('publish')).toBe(5)
    expect(stepIndex('closed')).toBe(6)
  })
  it('groups opinions by theme, ungrouped last', () => {
    const g = groupByTheme([op(1), op(2, '停车'), op(3, '充电'), op(4, '停车')])
    expect(g.map((x) => x.theme)).toEqual(['停车', '充电', ''])
    expect(g[0].opinions.map((o) => o.id)).toEqual([2, 4])
    expect(countBySource([op(1), op(2, '', 'hall'), op(3, '', 'hall')])).toEqual({ online: 1, hall: 2 })
  })
  it('knows which of the four parties are missing', () => {
    expect(missingParties([{ name: '王书记', party: 'committee' }, { name: '', party: 'units' }])).toEqual(['residents', 'units', 'party'])
    expect(missingParties(['committee', 'residents', 'units', 'party'].map((party) => ({ name: 'x', party: party as 'committee' })))).toEqual([])
    expect(byParty([{ name: '甲', party: 'other' }, { name: '乙', party: 'committee' }, { name: '丙', party: 'committee' }])).toEqual([
      { party: 'committee', names: ['乙', '丙'] },
      { party: 'other', names: ['甲'] },
    ])
  })
  it('lists each missing output once', () => {
    expect(missingText([{ message: '第二步须确定议题' }, { message: '第二步须确定议题' }, { message: '' }])).toEqual(['第二步须确定议题'])
  })
})

describe('dates', () => {
  it('counts days to a due date', () => {
    expect(daysUntil('2026-12-01', '2026-11-29')).toBe(2)
    expect(daysUntil('2026-11-28', '2026-11-29')).toBe(-1)
    expect(daysUntil('2027-01-01', '2026-12-31')).toBe(1)
  })
  it('knows today in Beijing and writes picker times with +08:00', () => {
    expect(beijingToday(Date.parse('2026-11-28T16:30:00Z'))).toBe('2026-11-29')
    expect(beijingToday(Date.parse('2026-11-28T15:59:00Z'))).toBe('2026-11-28')
    expect(localToIso('2026-11-29 14:30')).toBe('2026-11-29T14:30:00+08:00')
    expect(localToIso('')).toBe('')
  })
  it('writes record times with the year, in Beijing', () => {
    expect(fullTime('2024-03-01T02:00:00Z', 'zh-CN')).toBe('2024年3月1日 10:00')
    expect(fullTime('2026-11-28T16:30:00Z', 'zh-CN')).toBe('2026年11月29日 00:30')
    expect(fullTime('2024-03-01T02:00:00Z', 'en')).toBe('Mar 1, 2024 10:00')
    expect(fullTime('', 'zh-CN')).toBe('')
  })
})
