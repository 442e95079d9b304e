import { apiUrl, http, type Page, type PageQuery } from './http'
import type { Household, HouseholdDetail, HouseholdInput, Id } from './types'

/** Filters of GET /households and its export. */
export interface HouseholdFilter {
  community_id?: Id
  compound_id?: Id
  building_id?: Id
  unit_id?: Id
  grid_id?: Id
  q?: string
  tag?: string
}

export const listHouseholds = (q: HouseholdFilter & PageQuery) => http.get<Page<Household>>('/households', q)
export const getHousehold = (id: Id) => http.get<HouseholdDetail>(`/households/${id}`)
export const createHousehold = (body: HouseholdInput) => http.post<Household>('/households', body)
export const updateHousehold = (id: Id, body: HouseholdInput) => http.patch<Household>(`/households/${id}`, body)
export const deleteHousehold = (id: Id, cascade = false) => http.del(`/households/${id}`, { cascade: cascade || undefined })
export const householdsExportUrl = (f: HouseholdFilter) => apiUrl('/households/export', f)
