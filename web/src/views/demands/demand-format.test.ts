import { describe, expect, it } from 'vitest'
import zh from '../../locales/demands.zh-CN'
import en from '../../locales/demands.en'
import { durationText } from './demand-format'

type Messages = Record<string, unknown>
/** A tiny t(): looks the key up and fills {name} placeholders, like vue-i18n does. */
function tOf(messages: Messages) {
  return (key: string, named: Record<string, unknown> = {}) => {
    const v = key.split('.').reduce<unknown>((o, k) => (o as Messages)?.[k], messages)
    if (typeof v !== 'string') throw new Error(`missing ${key}`)
    return v.replace(/\{(\w+)\}/g, (_, k) => String(named[k]))
  }
}

describe('durationText (time left to a deadline)', () => {
  const t = tOf(zh)
  it('days and hours', () => {
    expect(durationText(2 * 86400 + 3 * 3600 + 59, t)).toBe('2天3小时')
    expect(t('demand.overdueBy', { d: durationText(-(2 * 86400 + 3 * 3600), t) })).toBe('超时 2天3小时')
  })
  it('whole days, hours, minutes', () => {
    expect(durationText(7 * 86400, t)).toBe('7天')
    expect(t('demand.leftFor', { d: durationText(5 * 3600 + 1200, t) })).toBe('剩 5小时')
    expect(durationText(35 * 60, t)).toBe('35分钟')
    expect(durationText(10, t)).toBe('1分钟')
  })
  it('English', () => {
    const te = tOf(en)
    expect(te('demand.overdueBy', { d: durationText(-(86400 + 3600), te) })).toBe('Overdue 1d 1h')
  })
})

describe('demand messages', () => {
  const keys = (o: Messages, prefix = ''): string[] =>
    Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v as Messages, `${prefix}${k}.`) : [`${prefix}${k}`]))
  it('Chinese and English have the same keys', () => {
    expect(keys(en).sort()).toEqual(keys(zh).sort())
  })
})
