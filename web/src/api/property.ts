// 物业管理 (property management): per compound the company's contract, the fee and the government
// subsidy by contract year, each household's yearly share, and the residents' yearly ratings.
// Docs in src/api/property.cc. Money is integer fen (`*_fen`); areas m².
import { apiUrl, http, request } from './http'
import type { Id } from './types'

export interface SubsidyYear {
  year_index: number
  /** 0..100 */
  government_percent: number
}

export interface ContractYear extends SubsidyYear {
  starts_on: string
  ends_on: string
}

export interface PropertyContract {
  id: Id
  compound_id: Id
  company_name: string
  company_user_id: Id | null
  contact: string
  starts_on: string
  ends_on: string
  /** "2025年8月1日至2028年7月31日" */
  period_text: string
  fee_fen_per_m2_month: number
  subsidy: SubsidyYear[]
  years: ContractYear[]
  current_year_index: number | null
  status: 'active' | 'upcoming' | 'ended'
  created_by: string
  created_at: string
  updated_by: string
  updated_at: string
}

export interface ContractInput {
  company_name: string
  company_user_id?: Id | null
  contact: string
  starts_on: string
  ends_on: string
  fee_fen_per_m2_month: number
  subsidy: SubsidyYear[]
}

export interface RatingSummary {
  year: number
  count: number
  average: number
  /** 0..1 */
  satisfied_share: number
  /** counts of 1..5 stars */
  by_score: number[]
  low: boolean
  contract_id?: Id
  company_name?: string
}

export interface PropertyListItem {
  compound_id: Id
  compound_name: string
  community_id: Id
  community_name: string
  households: number
  area_m2: number
  contract: PropertyContract | null
  contracts_count: number
  rating: RatingSummary | null
  low_rating: boolean
}

export interface ShareLine {
  household_id: Id
  address: string
  area_m2: number
  developer_unsold: boolean
  yearly_fee_fen: number
  subsidy_fen: number
  owner_pays_fen: number
}

export interface ShareTotals {
  households: number
  area_m2: number
  yearly_fee_fen: number
  subsidy_fen: number
  owner_pays_fen: number
}

export interface YearTotals extends ShareTotals {
  year_index: number
  starts_on: string
  ends_on: string
  government_percent: number
}

export interface Shares {
  contract_id: Id
  year_index: number
  government_percent: number
  year_starts_on: string
  year_ends_on: string
  per_household: ShareLine[]
  totals: ShareTotals
  years: YearTotals[]
}

export interface MyRating {
  id: Id
  year: number
  score: number
  comment: string
  at: string
}

export interface PropertyCompound {
  compound_id: Id
  compound_name: string
  community_id: Id
  community_name: string
  households: number
  area_m2: number
  /** the caller sees every household (staff, the property company); false = only his own line */
  full: boolean
  /** today in Beijing, YYYY-MM-DD */
  today: string
  contract: PropertyContract | null
  contracts: PropertyContract[]
  shares: Shares | null
  ratings: RatingSummary[]
  rating: RatingSummary | null
  low_rating: boolean
  rating_rules: { min_count: number; average_below: number; satisfied_share_below: number }
  /** a resident's own ratings, newest first */
  my_ratings?: MyRating[]
}

export interface RatingInput {
  year?: number
  score: number
  comment?: string
}

export interface RatingResult extends MyRating {
  compound_id: Id
  household_id: Id
  company_name: string
}

const base = (compoundId: Id) => `/property/compounds/${compoundId}`

export const listProperty = (communityId?: Id) =>
  http.get<{ items: PropertyListItem[]; total: number; today: string }>('/property', { community_id: communityId })
export const getPropertyCompound = (compoundId: Id, yearIndex?: number) =>
  http.get<PropertyCompound>(base(compoundId), { year_index: yearIndex })
export const setContract = (compoundId: Id, body: ContractInput) =>
  request<PropertyContract>(`${base(compoundId)}/contract`, { method: 'PUT', body })
export const rateProperty = (compoundId: Id, body: RatingInput) => http.post<RatingResult>(`${base(compoundId)}/ratings`, body)
export const sharesXlsxUrl = (compoundId: Id, yearIndex?: number) => apiUrl(`${base(compoundId)}/shares.xlsx`, { year_index: yearIndex })
