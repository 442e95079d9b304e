import { ref, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage, type FormInstance } from 'element-plus'
import { useFormErrors } from './use-form-errors'

interface SubmitOptions {
  /** the el-form to validate first (its client rules); skipped when absent */
  form?: Ref<FormInstance | undefined>
  /** i18n key of the success toast; `false` for none (default `common.saved`) */
  success?: string | false
}

/**
 * The submit cycle every dialog shares: validate the form, mark `saving`, send, toast success,
 * and map a failure onto the form (server field errors under their fields, anything else as a
 * toast in plain words). `submit(send)` resolves to what `send` returned, or undefined on failure.
 *
 *   const { errors, saving, submit } = useFormSubmit()
 *   const h = await submit(() => updateHousehold(id, body), { form: formRef })
 *   if (h) emit('saved', h)
 */
export function useFormSubmit() {
  const { t } = useI18n()
  const { errors, apply, clear, track } = useFormErrors()
  const saving = ref(false)

  async function submit<T>(send: () => Promise<T>, opts: SubmitOptions = {}): Promise<T | undefined> {
    const f = opts.form?.value
    if (opts.form && !f) return undefined
    if (f && !(await f.validate().catch(() => false))) return undefined
    saving.value = true
    try {
      const out = await send()
      clear()
      if (opts.success !== false) ElMessage.success(t(opts.success ?? 'common.saved'))
      return out
    } catch (e) {
      apply(e)
      return undefined
    } finally {
      saving.value = false
    }
  }

  return { errors, saving, submit, clear, track }
}
