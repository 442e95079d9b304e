import { createI18n } from 'vue-i18n'
import zhCN from './zh-CN'
import en from './en'
import demandsZh from './demands.zh-CN'
import demandsEn from './demands.en'
import noticesZh from './notices.zh-CN'
import noticesEn from './notices.en'
import votesZh from './votes.zh-CN'
import votesEn from './votes.en'
import delibZh from './deliberations.zh-CN'
import delibEn from './deliberations.en'
import propertyZh from './property.zh-CN'
import propertyEn from './property.en'
import hallsZh from './halls.zh-CN'
import hallsEn from './halls.en'

export type Locale = 'zh-CN' | 'en'
const saved = localStorage.getItem('linli.locale')
export const initialLocale: Locale = saved === 'en' ? 'en' : 'zh-CN'

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale,
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': { ...zhCN, ...demandsZh, ...noticesZh, ...votesZh, ...delibZh, ...propertyZh, ...hallsZh }, en: { ...en, ...demandsEn, ...noticesEn, ...votesEn, ...delibEn, ...propertyEn, ...hallsEn } },
  numberFormats: {
    'zh-CN': { decimal: { style: 'decimal', maximumFractionDigits: 2 } },
    en: { decimal: { style: 'decimal', maximumFractionDigits: 2 } },
  },
  datetimeFormats: {
    'zh-CN': { short: { year: 'numeric', month: 'long', day: 'numeric' } },
    en: { short: { year: 'numeric', month: 'short', day: 'numeric' } },
  },
})

export function setLocale(l: Locale): void {
  i18n.global.locale.value = l
  localStorage.setItem('linli.locale', l)
  document.documentElement.lang = l
}
document.documentElement.lang = initialLocale
