// 业主表决 (owner votes, 民法典 278): drafts, opening, ballots, the tally, closing, publishing and the
// official-system path. Docs in src/api/votes.cc.
import { apiUrl, http, type Page, type PageQuery } from './http'
import type { Id } from './types'

export type VoteStatus = 'draft' | 'open' | 'closed'
export type VoteRuleSet = 'civil_code_major' | 'civil_code_ordinary' | 'two_thirds_households' | 'residents_meeting' | 'simple_majority' | 'custom'
export type VoteChannel = 'online' | 'paper' | 'hall'
export type ElectorateKind = 'compound' | 'buildings' | 'unit'
export const RULE_SETS: VoteRuleSet[] = ['civil_code_major', 'civil_code_ordinary', 'two_thirds_households', 'residents_meeting', 'simple_majority', 'custom']
export const CHANNELS: VoteChannel[] = ['online', 'paper', 'hall']

export interface VoteOption {
  code: string
  label: string
  abstain: boolean
}

/** A threshold; in a tally it also carries what was reached. */
export interface VoteThreshold {
  code: string
  measure: 'participation' | 'approval'
  basis: 'area' | 'headcount' | 'dwellings'
  basis_zh?: string
  over: 'electorate' | 'participants'
  /** "2/3" */
  needed: string
  needed_num?: number
  needed_den?: number
  needed_percent?: string
  /** true = 以上 (≥), false = 过半数 style (>) */
  inclusive: boolean
  description_zh?: string
  option?: string
  reached_num?: number
  reached_den?: number
  /** rounded toward `met` (a failing share never reads as reaching the needed percentage) */
  reached_percent?: string
  /** exact, e.g. "204/306" (area in centiares) */
  reached_fraction?: string
  reached_num_text?: string
  reached_den_text?: string
  met?: boolean
}

export interface OptionCount {
  code: string
  label: string
  abstain: boolean
  area: number
  area_m2: string
  headcount: number
  dwellings: number
}

export interface TallyView {
  total_area_m2: string
  total_headcount: number
  total_dwellings: number
  voted_area_m2: string
  voted_headcount: number
  voted_dwellings: number
  mixed_headcount: number
  added_area: number
  added_headcount: number
  added_dwellings: number
  options: OptionCount[]
  thresholds: VoteThreshold[]
  participation_met: boolean
  outcome: string
  outcome_zh: string
  winner: string
}

export interface OpenBallot {
  household_id: Id
  label: string
  choice: string
  channel: string
  channel_zh: string
  voter_name: string
  cast_at: string
}

export interface VoteTally {
  as_cast: TallyView
  with_non_voters: TallyView | null
  outcome: string
  outcome_zh: string
  winner: string
  /** the tally in plain Chinese, one line per item */
  lines: string[]
  /** open votes only: who voted what */
  ballots: OpenBallot[]
}

export interface MyBallot {
  household_id: Id
  label: string
  choice: string
  channel: string
  cast_at: string
}

export interface Vote {
  id: Id
  community_id: Id
  community_name: string
  deliberation_id: Id | null
  title: string
  description: string
  kind: 'yes_no' | 'choices'
  options: VoteOption[]
  rule_set: VoteRuleSet
  rule_set_name: string
  thresholds: VoteThreshold[]
  opens_at: string
  closes_at: string
  period_text: string
  allow_change: boolean
  secret: boolean
  non_voters_follow_majority: boolean
  channels: VoteChannel[]
  electorate: { kind: ElectorateKind; ids: Id[] }
  electorate_label: string
  status: VoteStatus
  status_zh: string
  outcome: string
  outcome_zh: string
  winner: string
  result_source: '' | 'official'
  dwellings: number
  headcount: number
  total_area_m2: string
  ballots: number
  created_by: string
  created_at: string
  opened_at: string
  closed_at: string
  published_at: string
  tally?: VoteTally | null
  my_ballots?: MyBallot[]
}

export interface VoteInput {
  community_id: Id
  title: string
  description?: string
  kind: 'yes_no' | 'choices'
  options?: { code?: string; label: string; abstain?: boolean }[]
  rule_set: VoteRuleSet
  thresholds?: { measure: string; basis: string; over: string; needed: string; inclusive: boolean }[]
  opens_at: string
  closes_at: string
  allow_change: boolean
  secret: boolean
  non_voters_follow_majority: boolean
  channels: VoteChannel[]
  electorate: { kind: ElectorateKind; ids: Id[] }
  /** the deliberation (议事) this vote decides */
  deliberation_id?: Id | null
}

export interface VoteFilter {
  community_id?: Id
  status?: VoteStatus | ''
  q?: string
}

export interface ElectorateRow {
  household_id: Id
  label: string
  area_m2: string
  voter: number
  developer_unsold: boolean
  voted: boolean
  channel?: string
  cast_at?: string
  choice?: string
}

export interface PaperBallotInput {
  household_id: Id
  choice: string
  channel: 'paper' | 'hall'
  cast_at?: string
  attachment: string
  voter_name?: string
}

export const listVotes = (q: VoteFilter & PageQuery) => http.get<Page<Vote>>('/votes', q)
export const getVote = (id: Id) => http.get<Vote>(`/votes/${id}`)
export const createVote = (body: VoteInput) => http.post<Vote>('/votes', body)
export const openVote = (id: Id) => http.post<Vote>(`/votes/${id}/open`)
export const closeVote = (id: Id) => http.post<Vote>(`/votes/${id}/close`)
export const publishVote = (id: Id) => http.post<Vote>(`/votes/${id}/publish`)
/** An owner votes online for every dwelling he owns in the electorate; `skipped` names the dwellings a co-owner already voted for. */
export const castBallot = (id: Id, choice: string, household_id?: Id) =>
  http.post<{ vote: Vote; ballots: { household_id: Id; label: string }[]; skipped: string[] }>(`/votes/${id}/ballots`, household_id ? { choice, household_id } : { choice })
export const enterPaperBallot = (id: Id, body: PaperBallotInput) => http.post<{ vote: Vote }>(`/votes/${id}/paper-ballots`, body)
export const getElectorate = (id: Id) => http.get<{ items: ElectorateRow[]; total: number }>(`/votes/${id}/electorate`)
export const electorateXlsxUrl = (id: Id) => apiUrl(`/votes/${id}/electorate.xlsx`)
export const importOfficialResult = (id: Id, file: File) => http.upload<Vote>(`/votes/${id}/official-result`, file, { filename: file.name })
