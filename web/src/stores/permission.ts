import { defineStore } from 'pinia'

/** Every permission code the console checks (`resource:action`, the server's table in src/access/permissions.cc). */
export const ALL_PERMISSIONS = [
  'community:read',
  'community:write',
  'compound:write',
  'household:read',
  'household:write',
  'resident:read',
  'resident:write',
  'grid:read',
  'grid:write',
  'registry:import',
  'registry:export',
  'sensitive:reveal',
  'audit:read',
  'audit:export',
  'user:read',
  'user:write',
  'token:write',
  'self:read',
  'self:write',
  // console-side names, derived below from server codes
  'grid:plan',
  'registry:write',
] as const
export type PermissionCode = (typeof ALL_PERMISSIONS)[number] | (string & {})

/** Console-side codes some pages check, granted when the user holds the server code they stand for. */
const DERIVED: Record<string, string> = {
  'grid:plan': 'grid:write', // applying a grid plan is a grid write
  'registry:write': 'compound:write', // editing the compound / building / unit tree
}

// Empty until the session is known: the codes come from `me.permissions` (login or GET /auth/me).
export const usePermissionStore = defineStore('permission', {
  state: () => ({ codes: [] as string[] }),
  actions: {
    setCodes(codes: string[]) {
      const all = new Set(codes)
      for (const [derived, base] of Object.entries(DERIVED)) if (all.has(base)) all.add(derived)
      this.codes = [...all]
    },
  },
})
