import { usePermissionStore, type PermissionCode } from '../stores/permission'

/** `can('household:write')`: true when the user holds the code (or all codes when given a list). */
export function usePermission() {
  const store = usePermissionStore()
  const can = (code: PermissionCode | PermissionCode[] | undefined): boolean => {
    if (!code) return true
    const codes = Array.isArray(code) ? code : [code]
    return codes.every((c) => store.codes.includes(c))
  }
  return { can }
}
