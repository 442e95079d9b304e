import type { RoleCode } from '../../api/types'

/** The roles in the order the admin picks them (most used first). */
export const ROLES: RoleCode[] = ['community_head', 'community_staff', 'grid_worker', 'street_admin', 'property_company', 'resident', 'auditor', 'admin']
/** Which scope field a role is limited by. */
export type ScopeKind = 'communities' | 'grids' | 'street' | 'compounds' | 'household' | 'none'
export function scopeKind(role: RoleCode): ScopeKind {
  switch (role) {
    case 'community_head':
    case 'community_staff':
      return 'communities'
    case 'grid_worker':
      return 'grids'
    case 'street_admin':
      return 'street'
    case 'property_company':
      return 'compounds'
    case 'resident':
      return 'household'
    default:
      return 'none'
  }
}
