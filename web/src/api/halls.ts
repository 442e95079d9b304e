// 邻里议事厅 (deliberation halls): staff define halls, their compounds, weekly hours and duty roster;
// residents see their hall; workers on duty log visits. Contract: docs/api.md "Halls" (src/api/halls.cc).
import { http, type Page, type PageQuery } from './http'
import type { Id } from './types'

export type VisitOutcome = 'answered' | 'opinion' | 'demand'
export const VISIT_OUTCOMES: VisitOutcome[] = ['answered', 'opinion', 'demand']
/** ISO weekday: 1 = Monday … 7 = Sunday */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const

export interface HallHours {
  weekday: number
  /** local (Beijing) "HH:MM" */
  start: string
  end: string
}

export interface DutyShift {
  weekday: number
  worker_name: string
  user_id?: Id | null
}

export interface HallOpening {
  /** local date YYYY-MM-DD */
  date: string
  start: string
  end: string
  on_duty: string[]
}

export interface Hall {
  id: Id
  community_id: Id
  community_name: string
  name: string
  place: string
  compound_ids: Id[]
  compound_names: string[]
  hours: HallHours[]
  /** 每周二 14:00–17:30；每周五 09:00–11:30 */
  hours_text: string
  roster: DutyShift[]
  open_now: boolean
  next_opening: HallOpening | null
  visits_this_month: number
  visits_total: number
}

export interface HallInput {
  community_id?: Id
  name: string
  place: string
  compound_ids: Id[]
  hours: HallHours[]
  roster: DutyShift[]
}

export interface HallVisit {
  id: Id
  hall_id: Id
  hall_name: string
  visitor_name: string
  resident_id: Id | null
  compound_id: Id | null
  compound_name: string
  about: string
  outcome: VisitOutcome
  answer: string
  deliberation_id: Id | null
  opinion_id: Id | null
  demand_id: Id | null
  /** LL20261201000012 when it became a demand */
  demand_number: string
  worker: string
  at: string
}

export interface HallVisitInput {
  visitor_name: string
  resident_id?: Id | null
  compound_id?: Id | null
  about: string
  outcome: VisitOutcome
  answer?: string
  deliberation_id?: Id | null
  demand?: { nature: string; category_code: string; description?: string; reporter_phone?: string }
}

export const listHalls = (q: { community_id?: Id } = {}) => http.get<{ items: Hall[]; total: number }>('/halls', q)
export const getHall = (id: Id) => http.get<Hall>(`/halls/${id}`)
export const createHall = (body: HallInput) => http.post<Hall>('/halls', body)
export const updateHall = (id: Id, body: HallInput) => http.patch<Hall>(`/halls/${id}`, body)
export const deleteHall = (id: Id) => http.del(`/halls/${id}`)
export const listHallVisits = (id: Id, q: PageQuery & { from?: string; to?: string } = {}) =>
  http.get<Page<HallVisit>>(`/halls/${id}/visits`, q)
export const addHallVisit = (id: Id, body: HallVisitInput) => http.post<HallVisit>(`/halls/${id}/visits`, body)
