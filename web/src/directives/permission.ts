import type { Directive } from 'vue'
import { usePermissionStore } from '../stores/permission'

/** v-permission="'household:write'": removes the element when the code is not granted. */
export const vPermission: Directive<HTMLElement, string | string[]> = {
  mounted(el, binding) {
    const store = usePermissionStore()
    const codes = Array.isArray(binding.value) ? binding.value : [binding.value]
    if (!codes.every((c) => store.codes.includes(c))) el.parentNode?.removeChild(el)
  },
}
