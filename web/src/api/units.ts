import { http, type Page, type PageQuery } from './http'
import type { Id, Unit, UnitInput } from './types'

export const listUnits = (q: PageQuery & { building_id: Id }) => http.get<Page<Unit>>('/units', q)
export const getUnit = (id: Id) => http.get<Unit>(`/units/${id}`)
export const createUnit = (body: UnitInput) => http.post<Unit>('/units', body)
export const updateUnit = (id: Id, body: UnitInput) => http.patch<Unit>(`/units/${id}`, body)
export const deleteUnit = (id: Id, cascade = false) => http.del(`/units/${id}`, { cascade: cascade || undefined })
