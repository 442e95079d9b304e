import { defineStore } from 'pinia'

/** Every permission code the console knows (`resource:action`, shared with the server). */
export const ALL_PERMISSIONS = [
  'registry:read',
  'registry:write',
  'household:read',
  'household:write',
  'resident:read',
  'resident:write',
  'grid:read',
  'grid:write',
  'grid:plan',
  'registry:import',
  'registry:export',
] as const
export type PermissionCode = (typeof ALL_PERMISSIONS)[number] | (string & {})

// For now every code is granted; the accounts issue fills `codes` from the server's session.
export const usePermissionStore = defineStore('permission', {
  state: () => ({ codes: [...ALL_PERMISSIONS] as string[] }),
  actions: {
    setCodes(codes: string[]) {
      this.codes = codes
    },
  },
})
