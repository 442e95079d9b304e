import { reactive, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage } from 'element-plus'
import { ApiError } from '../api/http'

/** The field name an error belongs to: "tags[0].detail" → "tags". */
function rootField(field: string): string {
  return field.split(/[.[]/)[0]
}

/**
 * Server field errors for one el-form: `errors[field]` feeds each el-form-item's `error` prop.
 * `reasonText` translates a stable reason code in English and keeps the server's Chinese message.
 */
export function useFormErrors() {
  const { t, te, locale } = useI18n()
  const errors = reactive<Record<string, string>>({})

  function reasonText(reason: string, message: string): string {
    if (locale.value !== 'zh-CN' && reason && te(`reasons.${reason}`)) return t(`reasons.${reason}`)
    if (!message && reason && te(`reasons.${reason}`)) return t(`reasons.${reason}`)
    return message
  }

  function clear(): void {
    for (const k of Object.keys(errors)) delete errors[k]
  }

  /** Shows an error: field details under their fields, anything else as a message. */
  function apply(err: unknown): void {
    clear()
    if (err instanceof ApiError) {
      let placed = false
      for (const d of err.details) {
        if (!d.field) continue
        const f = rootField(d.field)
        const text = reasonText(d.reason, d.message)
        errors[f] = errors[f] ? `${errors[f]}；${text}` : text
        placed = true
      }
      if (!placed && err.field) {
        errors[rootField(err.field)] = reasonText('', err.message)
        placed = true
      }
      if (placed) ElMessage.error(t('common.fixFields'))
      else ElMessage.error(apiErrorText(err, t, te, locale.value))
      return
    }
    ElMessage.error(err instanceof Error ? err.message : String(err))
  }

  /** Clears a field's server error as soon as the user changes that field. */
  function track(form: object): void {
    watch(
      () => ({ ...(form as Record<string, unknown>) }),
      (now, before) => {
        for (const k of Object.keys(now)) if (JSON.stringify(now[k]) !== JSON.stringify(before[k])) delete errors[k]
      },
    )
  }

  return { errors, apply, clear, reasonText, track }
}

type T = (key: string, named?: Record<string, unknown>) => string
/** A one-line text for an API error: the server's message in Chinese, a translated code in English. */
export function apiErrorText(err: unknown, t: T, te: (k: string) => boolean, locale: string): string {
  if (err instanceof ApiError) {
    if (locale !== 'zh-CN' && te(`errors.${err.code}`)) return t(`errors.${err.code}`)
    return err.message || t('errors.internal')
  }
  return err instanceof Error ? err.message : String(err)
}

/** The same, as a composable for pages: `showError(e)`. */
export function useApiError() {
  const { t, te, locale } = useI18n()
  return {
    showError: (err: unknown) => ElMessage.error(apiErrorText(err, t, te, locale.value)),
    errorText: (err: unknown) => apiErrorText(err, t, te, locale.value),
  }
}
