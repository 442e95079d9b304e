import { useI18n } from 'vue-i18n'
import { useAppStore } from '../stores/app'
import type { ResidentTag } from '../api/types'

/** Locale-aware labels and numbers shared by the pages. */
export function useFormat() {
  const { t, locale, n } = useI18n()
  const app = useAppStore()
  const num = (v: number | null | undefined) => (v === null || v === undefined ? '—' : n(v, 'decimal'))
  // 86.5 ㎡ in Chinese, 86.5 m² in English
  const area = (v: number | null | undefined) => (v ? `${n(v, 'decimal')} ${locale.value === 'zh-CN' ? '㎡' : 'm²'}` : '—')
  const tagLabel = (tag: ResidentTag): string => {
    if (tag.code === 'custom') return tag.detail
    const m = app.tag(tag.code)
    const base = m ? (locale.value === 'zh-CN' ? m.label_zh : m.label_en) : tag.code
    if (tag.code === 'disabled' && tag.detail) {
      const d = disabilityLabel(tag.detail)
      return locale.value === 'zh-CN' ? `${base}（${d}）` : `${base} (${d})`
    }
    return base
  }
  const disabilityLabel = (d: string): string => {
    const idx = DISABILITY_TYPES.indexOf(d)
    return idx >= 0 ? t(`disability.${DISABILITY_KEYS[idx]}`) : d
  }
  const isVulnerable = (code: string) => app.tag(code)?.vulnerable ?? false
  /** Element Plus tag type: warm colours for vulnerable tags. */
  const tagType = (code: string): 'danger' | 'warning' | 'success' | 'primary' | 'info' => {
    if (code === 'gugua' || code === 'tekun') return 'danger'
    if (isVulnerable(code)) return 'warning'
    if (code === 'party_member') return 'primary'
    if (code === 'volunteer') return 'success'
    return 'info'
  }
  const sexLabel = (s: string) => t(`sex.${s === 'male' || s === 'female' ? s : 'unknown'}`)
  return { num, area, tagLabel, tagType, isVulnerable, sexLabel, disabilityLabel }
}

/** The disability types as stored (Chinese, the server keeps them in `detail`). */
export const DISABILITY_TYPES = ['视力', '听力', '言语', '肢体', '智力', '精神', '多重']
export const DISABILITY_KEYS = ['vision', 'hearing', 'speech', 'physical', 'intellectual', 'mental', 'multiple']
