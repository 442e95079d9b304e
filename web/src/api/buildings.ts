import { http, type Page, type PageQuery } from './http'
import type { Building, BuildingInput, Id } from './types'

export const listBuildings = (q: PageQuery & { compound_id: Id }) => http.get<Page<Building>>('/buildings', q)
export const getBuilding = (id: Id) => http.get<Building>(`/buildings/${id}`)
export const createBuilding = (body: BuildingInput) => http.post<Building>('/buildings', body)
export const updateBuilding = (id: Id, body: BuildingInput) => http.patch<Building>(`/buildings/${id}`, body)
export const deleteBuilding = (id: Id, cascade = false) => http.del(`/buildings/${id}`, { cascade: cascade || undefined })
