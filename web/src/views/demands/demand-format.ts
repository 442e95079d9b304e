// Labels, colours and times of the demand pages: status / channel / nature / urgency codes are
// labelled by the console (the API sends codes), time left reads “剩 5小时” / “超时 2天3小时”.
import { computed, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { getCategories } from '../../api/demands'
import type { Demand, DemandCategory } from '../../api/demand-types'

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info'

const STATUS_TAG: Record<string, TagType> = {
  received: 'warning',
  dispatched: 'warning',
  signed: 'primary',
  contacted: 'primary',
  in_progress: 'primary',
  replied: 'success',
  callback_done: 'success',
  closed: 'info',
  disputed: 'danger',
  returned: 'danger',
  merged: 'info',
}

// the category tree, loaded once per page load
const categories = ref<DemandCategory[]>([])
let loading: Promise<void> | null = null
export function loadCategories(force = false): Promise<void> {
  if (!loading || force)
    loading = getCategories()
      .then((c) => {
        categories.value = c
      })
      .catch(() => {
        loading = null
      })
  return loading
}
export function setCategories(c: DemandCategory[]): void {
  categories.value = c
}

export interface CategoryNode {
  value: string
  label: string
  children?: CategoryNode[]
}

/** Seconds → “2天3小时” / “5小时” / “35分钟” (zh) or “2d 3h” (en). */
export function durationText(seconds: number, t: (k: string, v?: Record<string, unknown>) => string): string {
  const s = Math.abs(seconds)
  const d = Math.floor(s / 86400)
  const h = Math.floor((s % 86400) / 3600)
  const m = Math.floor((s % 3600) / 60)
  if (d > 0) return h > 0 ? t('demand.dur.dh', { d, h }) : t('demand.dur.d', { d })
  if (h > 0) return t('demand.dur.h', { h })
  return t('demand.dur.m', { m: Math.max(m, 1) })
}

const OPEN = new Set(['received', 'dispatched', 'signed', 'contacted', 'in_progress', 'disputed', 'returned'])
export const isOpen = (status: string) => OPEN.has(status)

export function useDemandFormat() {
  const { t, te, locale } = useI18n()
  const zh = computed(() => locale.value === 'zh-CN')

  const code = (group: string, c: string | null | undefined) => {
    if (!c) return '—'
    const k = `demand.${group}.${c}`
    return te(k) ? t(k) : c
  }
  const statusLabel = (s: string) => code('status', s)
  const statusType = (s: string): TagType => STATUS_TAG[s] ?? 'info'
  const channelLabel = (c: string) => code('channel', c)
  const natureLabel = (c: string) => code('nature', c)
  const urgencyLabel = (c: string) => code('urgency', c)
  const actionLabel = (c: string) => code('action', c)
  const satisfactionLabel = (c: string) => code('satisfaction', c)
  const assigneeKindLabel = (c: string) => code('assigneeKind', c)

  const categoryByCode = computed(() => new Map(categories.value.map((c) => [c.code, c])))
  const categoryName = (codeOrDemand: string | Pick<Demand, 'category_code' | 'category_name'>): string => {
    const c = typeof codeOrDemand === 'string' ? codeOrDemand : codeOrDemand.category_code
    const cat = categoryByCode.value.get(c)
    if (cat) {
      const name = zh.value ? cat.name_zh : cat.name_en || cat.name_zh
      const parent = cat.parent_code ? categoryByCode.value.get(cat.parent_code) : undefined
      return parent ? `${zh.value ? parent.name_zh : parent.name_en || parent.name_zh} / ${name}` : name
    }
    if (typeof codeOrDemand !== 'string' && codeOrDemand.category_name) return codeOrDemand.category_name
    return c || '—'
  }
  /** The tree for el-tree-select / el-cascader. */
  const categoryTree = computed<CategoryNode[]>(() => {
    const label = (c: DemandCategory) => (zh.value ? c.name_zh : c.name_en || c.name_zh)
    const top = categories.value.filter((c) => !c.parent_code)
    return top.map((p) => {
      const kids = categories.value.filter((c) => c.parent_code === p.code).map((c) => ({ value: c.code, label: label(c) }))
      return { value: p.code, label: label(p), children: kids.length ? kids : undefined }
    })
  })

  /** 2026年11月29日 08:30 (zh) / Nov 29, 2026, 08:30 (en); '' → '—'. */
  const dateTime = (iso: string | null | undefined): string => {
    if (!iso) return '—'
    const d = new Date(iso)
    if (Number.isNaN(d.getTime())) return iso
    const p = (n: number) => String(n).padStart(2, '0')
    if (zh.value) return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日 ${p(d.getHours())}:${p(d.getMinutes())}`
    return `${d.toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric' })} ${p(d.getHours())}:${p(d.getMinutes())}`
  }
  const dateOnly = (iso: string | null | undefined): string => {
    if (!iso) return '—'
    const d = new Date(iso)
    if (Number.isNaN(d.getTime())) return iso
    if (zh.value) return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`
    return d.toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric' })
  }

  /** Seconds to the deadline: from the API, else computed from due_at; null when closed. */
  const secondsLeft = (d: Demand): number | null => {
    // the server stops the clock at the reply: no seconds_left then
    if (!isOpen(d.status) || typeof d.seconds_left !== 'number') return null
    return d.seconds_left
  }
  /** { text: “超时 2天3小时” | “剩 5小时”, overdue, soon } or null. */
  const timeLeft = (d: Demand) => {
    const s = secondsLeft(d)
    if (s === null) return null
    const overdue = s < 0 || d.overdue === true
    return { text: overdue ? t('demand.overdueBy', { d: durationText(s, t) }) : t('demand.leftFor', { d: durationText(s, t) }), overdue, soon: !overdue && s < 86400 }
  }
  /** 86 % / — (never 0 % for no data). */
  const pct = (v: number | null | undefined): string => (v === null || v === undefined || Number.isNaN(v) ? '—' : `${(v * 100).toFixed(1)}%`)
  const score = (v: number | null | undefined): string => (v === null || v === undefined || Number.isNaN(v) ? '—' : (v * 100).toFixed(1))

  const addressOf = (d: Pick<Demand, 'household_address' | 'address_text'>) => d.household_address || d.address_text || '—'

  return {
    statusLabel,
    statusType,
    channelLabel,
    natureLabel,
    urgencyLabel,
    actionLabel,
    satisfactionLabel,
    assigneeKindLabel,
    categoryName,
    categoryTree,
    categories,
    dateTime,
    dateOnly,
    secondsLeft,
    timeLeft,
    pct,
    score,
    addressOf,
  }
}
