import { apiUrl, http, type Page, type PageQuery } from './http'
import type { Id, Resident, ResidentInput, RevealInput, RevealResult } from './types'

/** Filters of GET /residents and its export. */
export interface ResidentFilter {
  community_id?: Id
  compound_id?: Id
  building_id?: Id
  unit_id?: Id
  household_id?: Id
  grid_id?: Id
  q?: string
  tag?: string
}

export const listResidents = (q: ResidentFilter & PageQuery) => http.get<Page<Resident>>('/residents', q)
export const getResident = (id: Id) => http.get<Resident>(`/residents/${id}`)
export const createResident = (body: ResidentInput) => http.post<Resident>('/residents', body)
export const updateResident = (id: Id, body: ResidentInput) => http.patch<Resident>(`/residents/${id}`, body)
export const deleteResident = (id: Id) => http.del(`/residents/${id}`)
export const residentsExportUrl = (f: ResidentFilter) => apiUrl('/residents/export', f)
/** Full value of one masked field (needs `sensitive:reveal`; the server writes an audit entry). */
export const revealResident = (id: Id, body: RevealInput) => http.post<RevealResult>(`/residents/${id}/reveal`, body)

/** One dwelling a person owns (GET /residents/{id}/owned-households). */
export interface OwnedHousehold {
  household_id: Id
  address: string
  area_m2: number
  lives_here: boolean
}
/** The dwellings a person owns: his own household when he owns it, and 名下其他房屋 linked to him. */
export interface OwnedHouseholds {
  resident_id: Id
  household_id: Id
  is_owner: boolean
  households: OwnedHousehold[]
}
export const getOwnedHouseholds = (id: Id) => http.get<OwnedHouseholds>(`/residents/${id}/owned-households`)
export const addOwnedHousehold = (id: Id, householdId: Id) =>
  http.post<OwnedHouseholds>(`/residents/${id}/owned-households`, { household_id: householdId })
export const removeOwnedHousehold = (id: Id, householdId: Id) =>
  http.del(`/residents/${id}/owned-households`, { household_id: householdId })
