// The objects of the demands contract (/work/helpers/demands-api.md, src/domain/demand.h), field for field.
import type { Id } from './types'

export type DemandChannel = 'hotline_12345' | 'resident' | 'walk_in' | 'phone' | 'patrol' | 'hall' | 'open311'
export type DemandNature = 'consult' | 'help' | 'complaint' | 'report' | 'suggestion'
export type DemandUrgency = 'normal' | 'urgent' | 'critical'
export type DemandStatus =
  | 'received'
  | 'dispatched'
  | 'signed'
  | 'contacted'
  | 'in_progress'
  | 'replied'
  | 'callback_done'
  | 'closed'
  | 'disputed'
  | 'returned'
  | 'merged'
export type AssigneeKind = 'worker' | 'property' | 'street' | 'staff'
export type Satisfaction = 'satisfied' | 'basic' | 'unsatisfied'
export type DemandAction =
  | 'sign'
  | 'contact'
  | 'start'
  | 'reply'
  | 'note'
  | 'dispute'
  | 'dispatch'
  | 'escalate'
  | 'accept_dispute'
  | 'reject_dispute'
  | 'extend'
  | 'merge'
  | 'reopen'
  | 'close'
  | 'callback'

export const DEMAND_CHANNELS: DemandChannel[] = ['hotline_12345', 'resident', 'walk_in', 'phone', 'patrol', 'hall', 'open311']
export const DEMAND_NATURES: DemandNature[] = ['consult', 'help', 'complaint', 'report', 'suggestion']
export const DEMAND_URGENCIES: DemandUrgency[] = ['normal', 'urgent', 'critical']
export const DEMAND_STATUSES: DemandStatus[] = ['received', 'dispatched', 'signed', 'contacted', 'in_progress', 'replied', 'callback_done', 'closed', 'disputed', 'returned', 'merged']
export const SATISFACTIONS: Satisfaction[] = ['satisfied', 'basic', 'unsatisfied']

/** One demand (诉求工单): struct Demand plus the derived fields of the API. */
export interface Demand {
  id: Id
  number: string
  channel: DemandChannel | string
  external_number: string
  nature: DemandNature | string
  category_code: string
  urgency: DemandUrgency | string
  description: string
  address_text: string
  community_id: Id
  household_id: Id | null
  building_id: Id | null
  grid_id: Id | null
  address_resolved: boolean
  reporter_name: string
  /** masked per the caller's view policy (138****5678) */
  reporter_phone: string
  reporter_resident_id: Id | null
  reporter_user_id: Id | null
  status: DemandStatus | string
  assignee_kind: AssigneeKind | string
  assignee_user_id: Id | null
  assignee_name: string
  first_receiver_user_id: Id | null
  parent_id: Id | null
  /** duplicates merged into this one */
  children_count: number
  reply: string
  solved: boolean | null
  satisfaction: Satisfaction | ''
  callback_comment: string
  extensions: number
  reopened: number
  created_at: string
  dispatched_at: string
  signed_at: string
  contacted_at: string
  replied_at: string
  callback_at: string
  closed_at: string
  respond_due_at: string
  due_at: string
  updated_at: string
  created_by: string
  // derived
  /** seconds to due_at, negative when overdue; absent when closed */
  seconds_left?: number | null
  overdue?: boolean
  category_name?: string
  grid_name?: string
  household_address?: string
}

/** A short reference to another demand (parent, child, duplicate candidate, hotspot sample). */
export interface DemandSummary {
  id: Id
  number: string
  description: string
  status: string
  address_text?: string
  household_address?: string
  category_code?: string
  category_name?: string
  created_at?: string
  score?: number
}

export interface DemandEvent {
  id: Id
  demand_id: Id
  action: DemandAction | string
  from_status: string
  to_status: string
  actor: string
  note: string
  at: string
}

export interface DemandAttachment {
  id: Id
  demand_id?: Id | null
  sha256: string
  mime: string
  size: number
  original_name?: string
  url?: string
  created_at?: string
}

/** GET /demands/{id}, normalised: the demand and what hangs on it. */
export interface DemandDetail {
  demand: Demand
  events: DemandEvent[]
  attachments: DemandAttachment[]
  children: DemandSummary[]
  parent: DemandSummary | null
}

/** Filters of GET /demands and its export. */
export interface DemandFilter {
  q?: string
  status?: string
  category?: string
  grid_id?: Id
  assignee_user_id?: Id
  community_id?: Id
  channel?: string
  urgency?: string
  from?: string
  to?: string
  overdue?: boolean
  due_soon?: boolean
  mine?: boolean
}

/** POST /demands (staff intake). */
export interface DemandInput {
  channel: string
  external_number?: string
  nature: string
  category_code: string
  urgency: string
  description: string
  address_text?: string
  household_id?: Id
  reporter_name?: string
  reporter_phone?: string
  reporter_resident_id?: Id
  attachment_ids?: Id[]
  parent_id?: Id
  community_id?: Id
}

/** POST /demands/submit (a resident's own). */
export interface DemandSubmitInput {
  nature?: string
  category_code?: string
  description: string
  address_text?: string
  household_id?: Id
  attachment_ids?: Id[]
  urgency?: string
}

export interface DemandCreated {
  demand: Demand
  duplicates: DemandSummary[]
}

export interface DemandActionInput {
  action: DemandAction
  note?: string
  assignee_user_id?: Id
  assignee_kind?: AssigneeKind
  parent_id?: Id
  new_due_at?: string
  solved?: boolean
  satisfaction?: Satisfaction
}

export interface CategorySuggestion {
  category_code: string
  name: string
  score: number
}

export interface DemandCategory {
  code: string
  parent_code: string
  name_zh: string
  name_en: string
  respond_hours: number
  resolve_hours: number
}

export interface RateWeights {
  response: number
  resolution: number
  satisfaction: number
}
/** Default deadlines in hours (a category's own hours win over these). */
export interface DemandDeadlineSettings {
  respond_hours: number
  resolve_hours: number
  urgent_respond_hours: number
  urgent_resolve_hours: number
  critical_respond_hours: number
  critical_resolve_hours: number
}
export interface DemandSettings {
  weights: RateWeights
  basic_satisfied_value: number
  deadlines?: DemandDeadlineSettings
}

export interface DemandCounts {
  received: number
  dispatched: number
  responded_in_time: number
  callbacks: number
  solved: number
  satisfied: number
  basic: number
  overdue: number
}
export interface DemandRates {
  response: number | null
  resolution: number | null
  satisfaction: number | null
  score: number | null
}
export type RateGroup = 'worker' | 'grid' | 'community' | 'street'
export interface RateRow {
  key: string | number
  /** the worker's user id, the grid's or community's id (0 for the total) */
  id?: Id
  name: string
  counts: DemandCounts
  rates: DemandRates
  month?: string
}
export interface RatesQuery {
  group: RateGroup
  from?: string
  to?: string
  community_id?: Id
  street_code?: string
}

/** GET /demands/trend: volume per month per top-level category. */
export interface TrendPoint {
  month: string
  category_code: string
  category_name?: string
  count: number
}

export interface Hotspot {
  id: string | number
  title: string
  category_code: string
  category_name?: string
  place: string
  count: number
  sample_ids: Id[]
  samples?: DemandSummary[]
  keywords: string[]
}

/** POST /demands/import: the preview (preview=true) or the result of the import. */
export interface DemandImportIssue {
  row: number
  field: string
  reason: string
  message: string
}
export interface DemandImportSample {
  row: number
  external_number: string
  created_at: string
  nature: string
  category_code: string
  urgency: string
  description: string
  address_text: string
  address_resolved: boolean
  reporter_name: string
  reporter_phone: string
}
export interface DemandImportResult {
  rows: number
  resolved: number
  issues: DemandImportIssue[]
  mapping: Record<string, string>
  preview: boolean
  existing: number
  new?: number
  sample?: DemandImportSample[]
  created?: number
}
