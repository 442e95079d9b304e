// 议事协商 (六步议事法, issue 5): the deliberation endpoints, as in /work/helpers/deliberations-api.md
// (server: src/api/deliberations.cc). Money in fen (`*_fen`), times UTC ISO, local days YYYY-MM-DD.
import { http, request, type Page, type PageQuery } from './http'
import type { Id } from './types'

export type DeliberationStep = 'collect' | 'topic' | 'research' | 'decide' | 'implement' | 'publish' | 'closed'
/** The six working steps in order (closed comes after the last). */
export const STEPS: DeliberationStep[] = ['collect', 'topic', 'research', 'decide', 'implement', 'publish']
export type OpinionSource = 'online' | 'hall' | 'demand' | 'meeting' | 'staff'
export const OPINION_SOURCES: OpinionSource[] = ['online', 'hall', 'demand', 'meeting', 'staff']
export type ResearchKind = 'site_visit' | 'cost' | 'quote' | 'survey' | 'other'
export const RESEARCH_KINDS: ResearchKind[] = ['site_visit', 'cost', 'quote', 'survey', 'other']
export type MeetingParty = 'committee' | 'residents' | 'units' | 'party' | 'other'
/** The four parties of a 四方会谈, then anyone else. */
export const MEETING_PARTIES: MeetingParty[] = ['committee', 'residents', 'units', 'party', 'other']
export type TaskStatus = 'open' | 'done' | 'cancelled'

export interface DelibFile {
  name: string
  url: string
  mime?: string
  size?: number
}

export interface Opinion {
  id: Id
  source: OpinionSource
  resident_id: Id | null
  user_id: Id | null
  /** "匿名" when anonymous, for everyone but staff and the head */
  author_name: string
  anonymous: boolean
  compound_id: Id | null
  compound_name: string
  text: string
  demand_id: Id | null
  hall_visit_id: Id | null
  theme: string
  created_at: string
}

export interface ResearchNote {
  id: Id
  kind: ResearchKind
  text: string
  attachments: DelibFile[]
  author: string
  at: string
}

export interface DelibOption {
  id: Id
  title: string
  description: string
  cost_fen: number | null
  payer: string
  schedule: string
  affected_households: number
  attachments: DelibFile[]
}

export interface Attendee {
  name: string
  party: MeetingParty
}

export interface Meeting {
  id: Id
  held_at: string
  place: string
  attendees: Attendee[]
  minutes: string
  outcome: string
}

export interface TaskUpdate {
  at: string
  by: string
  text: string
  progress: number
  photos: DelibFile[]
}

export interface DelibTask {
  id: Id
  title: string
  owner: string
  due_date: string
  status: TaskStatus
  progress: number
  overdue: boolean
  updates: TaskUpdate[]
}

export interface NoticeRef {
  notice_id: Id
  title: string
  status: string
  published: boolean
  starts_at: string
  ends_at: string
  open_objections: number
}

export interface StepEvent {
  from: string
  to: string
  kind: 'advance' | 'back' | 'skip'
  actor: string
  reason: string
  approved_by: string
  at: string
}

export interface StepCheck {
  step: DeliberationStep
  ok: boolean
  errors: { field: string; reason: string; message: string }[]
}

export interface Deliberation {
  id: Id
  community_id: Id
  compound_ids: Id[]
  compound_names?: string[]
  title: string
  step: DeliberationStep
  step_name: string
  opinions: Opinion[]
  topic: string
  question: string
  research: ResearchNote[]
  options: DelibOption[]
  needs_vote: boolean
  meetings: Meeting[]
  outcome: string
  chosen_option_id: Id | null
  vote_id: Id | null
  vote: { id: Id; title: string; status: string; outcome: string } | null
  tasks: DelibTask[]
  notices: NoticeRef[]
  history: StepEvent[]
  created_by: string
  created_at: string
  updated_at: string
  next: StepCheck
}

export interface DeliberationSummary {
  id: Id
  community_id: Id
  title: string
  step: DeliberationStep
  step_name: string
  compound_ids: Id[]
  topic: string
  opinions_count: number
  tasks_overdue: number
  created_at: string
  updated_at: string
}

export interface DeliberationFilter {
  community_id?: Id
  /** a step code, or `open` (every step but closed) */
  step?: DeliberationStep | 'open' | ''
  q?: string
}

export interface DeliberationInput {
  community_id: Id
  title: string
  compound_ids?: Id[]
  demand_ids?: Id[]
}

export interface DeliberationPatch {
  title?: string
  compound_ids?: Id[]
  topic?: string
  question?: string
  needs_vote?: boolean
  outcome?: string
  chosen_option_id?: Id | null
  vote_id?: Id | null
}

export interface OpinionInput {
  text: string
  compound_id?: Id | null
  anonymous?: boolean
  source?: OpinionSource
  author_name?: string
  hall_visit_id?: Id
  demand_id?: Id
}

export interface OptionInput {
  title: string
  description: string
  cost_fen?: number
  payer: string
  schedule: string
  affected_households: number
  attachments?: DelibFile[]
}

export interface MeetingInput {
  held_at: string
  place: string
  attendees: Attendee[]
  minutes: string
  outcome?: string
}

export interface TaskUpdateInput {
  text: string
  progress: number
  photos?: DelibFile[]
  status?: TaskStatus
}

export interface StepInput {
  action: 'advance' | 'back' | 'skip'
  target?: DeliberationStep
  reason?: string
}

export interface ThemeGroup {
  theme: string
  keywords: string[]
  opinion_ids: Id[]
}

const base = (id: Id) => `/deliberations/${id}`

export const listDeliberations = (q: DeliberationFilter & PageQuery) => http.get<Page<DeliberationSummary>>('/deliberations', q)
export const getDeliberation = (id: Id) => http.get<Deliberation>(base(id))
export const createDeliberation = (body: DeliberationInput) => http.post<Deliberation>('/deliberations', body)
export const updateDeliberation = (id: Id, body: DeliberationPatch) => http.patch<Deliberation>(base(id), body)
export const addOpinion = (id: Id, body: OpinionInput) => http.post<Opinion>(`${base(id)}/opinions`, body)
export const setThemes = (id: Id, assignments: { opinion_id: Id; theme: string }[]) =>
  request<Deliberation>(`${base(id)}/themes`, { method: 'PUT', body: { assignments } })
export const themeSuggestions = (id: Id) => http.get<{ groups: ThemeGroup[] }>(`${base(id)}/theme-suggestions`)
export const addResearch = (id: Id, body: { kind: ResearchKind; text: string; attachments?: DelibFile[] }) =>
  http.post<ResearchNote>(`${base(id)}/research`, body)
export const addOption = (id: Id, body: OptionInput) => http.post<DelibOption>(`${base(id)}/options`, body)
export const updateOption = (id: Id, optionId: Id, body: Partial<OptionInput>) => http.patch<DelibOption>(`${base(id)}/options/${optionId}`, body)
export const deleteOption = (id: Id, optionId: Id) => http.del(`${base(id)}/options/${optionId}`)
export const addMeeting = (id: Id, body: MeetingInput) => http.post<Meeting>(`${base(id)}/meetings`, body)
export const addTask = (id: Id, body: { title: string; owner: string; due_date: string }) => http.post<DelibTask>(`${base(id)}/tasks`, body)
export const addTaskUpdate = (id: Id, taskId: Id, body: TaskUpdateInput) => http.post<DelibTask>(`${base(id)}/tasks/${taskId}/updates`, body)
export const changeStep = (id: Id, body: StepInput) => http.post<Deliberation>(`${base(id)}/step`, body)
/** Uploads a JPEG/PNG/WebP/PDF (≤ 10 MB): research files, option attachments, task photos. */
export const uploadDeliberationFile = (file: File) => http.upload<DelibFile>('/deliberation-files', file, { filename: file.name })
