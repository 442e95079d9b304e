// The objects of docs/api.md, field for field.
export type Id = number
export type Sex = 'male' | 'female' | 'unknown'

export interface Community {
  id: Id
  code: string
  name: string
  street_name: string
  district: string
  street_code: string
  compounds_count: number
  buildings_count: number
  units_count: number
  households_count: number
  residents_count: number
  grids_count: number
}
export type CommunityInput = Partial<Pick<Community, 'code' | 'name' | 'street_name' | 'district'>>

export interface Compound {
  id: Id
  community_id: Id
  name: string
  address: string
  property_company: string
  buildings_count: number
  households_count: number
  residents_count: number
}
export type CompoundInput = Partial<Pick<Compound, 'community_id' | 'name' | 'address' | 'property_company'>>

export interface Building {
  id: Id
  compound_id: Id
  name: string
  floors: number
  x: number | null
  y: number | null
  grid_id: Id | null
  grid_code: string | null
  grid_name: string | null
  units_count: number
  households_count: number
  residents_count: number
}
export type BuildingInput = Partial<Pick<Building, 'compound_id' | 'name' | 'floors' | 'x' | 'y'>>

export interface Unit {
  id: Id
  building_id: Id
  name: string
  households_count: number
  residents_count: number
}
export type UnitInput = Partial<Pick<Unit, 'building_id' | 'name'>>

export interface Household {
  id: Id
  unit_id: Id
  building_id: Id
  compound_id: Id
  community_id: Id
  door: string
  area_m2: number
  phone: string
  developer_unsold: boolean
  note: string
  address: string
  grid_id: Id | null
  grid_name: string | null
  worker_name: string | null
  resident_count: number
  head_name: string | null
}
export type HouseholdInput = Partial<Pick<Household, 'unit_id' | 'door' | 'area_m2' | 'phone' | 'developer_unsold' | 'note'>>

export interface ResidentTag {
  code: string
  detail: string
}

export interface Resident {
  id: Id
  household_id: Id
  name: string
  id_number: string
  sex: Sex
  birth_date: string
  phone: string
  relation: string
  is_owner: boolean
  tags: ResidentTag[]
  note: string
  address: string
  unit_id: Id
  building_id: Id
  compound_id: Id
  community_id: Id
  grid_id: Id | null
}
export type ResidentInput = Partial<
  Pick<Resident, 'household_id' | 'name' | 'id_number' | 'sex' | 'birth_date' | 'phone' | 'relation' | 'is_owner' | 'tags' | 'note'>
>

export interface NamedRef {
  id: Id
  name: string
}
export interface GridRef {
  id: Id
  code: string
  name: string
  worker_name: string
  worker_phone: string
}
export interface HouseholdDetail extends Household {
  unit: NamedRef
  building: NamedRef
  compound: NamedRef
  grid: GridRef | null
  residents: Resident[]
}

export interface Grid {
  id: Id
  community_id: Id
  code: string
  name: string
  worker_name: string
  worker_phone: string
  buildings_count: number
  households_count: number
  residents_count: number
  vulnerable_count: number
}
export type GridInput = Partial<Pick<Grid, 'community_id' | 'code' | 'name' | 'worker_name' | 'worker_phone'>>

export interface MetaTag {
  code: string
  label_zh: string
  label_en: string
  vulnerable: boolean
}
export interface ImportField {
  key: string
  label_zh: string
  label_en: string
  required: boolean
}
export interface Meta {
  version: string
  tags: MetaTag[]
  relations: string[]
  import_fields: ImportField[]
}

export interface PlanBuilding {
  id: Id
  name: string
  compound_name: string
  households: number
}
export interface PlannedGrid {
  code: string
  name: string
  building_ids: Id[]
  buildings: PlanBuilding[]
  households: number
}
export interface GridPlan {
  grids: PlannedGrid[]
  mean: number
  max: number
  min: number
  imbalance: number
}
export interface GridPlanRequest {
  community_id: Id
  households_per_worker?: number
  grid_count?: number
}
export interface GridAssignment {
  code: string
  name: string
  worker_name: string
  worker_phone: string
  building_ids: Id[]
}
export interface GridPlanApply {
  community_id: Id
  grids: GridAssignment[]
}

/** field key -> 0-based column index in the file */
export type ColumnMapping = Record<string, number>

export interface ImportUpload {
  id: Id
  filename: string
  format: string
  encoding: string
  headers: string[]
  row_count: number
  sample: string[][]
  mapping: ColumnMapping
  fields: ImportField[]
}
export interface ImportRowError {
  row: number
  column: string
  field: string
  reason: string
  message: string
}
export interface ImportCheckResult {
  valid_rows: number
  invalid_rows: number
  errors: ImportRowError[]
}
export interface ImportStats {
  compounds_created: number
  buildings_created: number
  units_created: number
  households_created: number
  households_updated: number
  residents_created: number
  residents_updated: number
  unchanged_rows: number
}
export interface ImportCommitResult {
  stats: ImportStats
  skipped: number
}

// ---- accounts, sessions and personal data (docs/api.md "Accounts, sessions and personal data")

export type RoleCode =
  | 'resident'
  | 'grid_worker'
  | 'community_staff'
  | 'community_head'
  | 'street_admin'
  | 'property_company'
  | 'auditor'
  | 'admin'

/** The scope fields of an account: which communities, grids, street, compounds or household it covers. */
export interface UserScope {
  community_ids: Id[]
  grid_ids: Id[]
  street_code: string
  compound_ids: Id[]
  household_id: Id | null
  /** a resident account's own resident record (an owner voting online is recognised by it) */
  resident_id?: Id | null
}

export interface User extends UserScope {
  id: Id
  username: string
  display_name: string
  role: RoleCode
  disabled?: boolean
  last_login_at: string | null
}

/** GET /auth/me, POST /auth/login. */
export interface Me {
  user: User
  permissions: string[]
  csrf_token: string
}

export interface LoginInput {
  username: string
  password: string
}
export interface PasswordChange {
  old_password: string
  new_password: string
}

export type UserCreate = Partial<UserScope> & {
  username: string
  display_name: string
  role: RoleCode
  password: string
}
export type UserUpdate = Partial<UserScope> & {
  display_name?: string
  role?: RoleCode
  disabled?: boolean
}

export type RevealField = 'id_number' | 'phone' | 'birth_date'
export interface RevealInput {
  field: RevealField
  reason: string
}
export interface RevealResult {
  field: RevealField
  value: string
}

export interface AuditEntry {
  id: Id
  at: string
  actor: string
  action: string
  object_type: string
  object_id: Id | string | null
  subject: string
  field: string
  reason: string
  remote_addr: string
  hash: string
}
export interface AuditFilter {
  actor?: string
  action?: string
  from?: string
  to?: string
}
export interface AuditVerify {
  ok: boolean
  checked: number
  first_bad_id: Id | null
}
