import { apiUrl, http, type Page, type PageQuery } from './http'
import type { Grid, GridInput, GridPlan, GridPlanApply, GridPlanRequest, Id } from './types'

export const listGrids = (q: PageQuery & { community_id: Id }) => http.get<Page<Grid>>('/grids', q)
export const getGrid = (id: Id) => http.get<Grid>(`/grids/${id}`)
export const createGrid = (body: GridInput) => http.post<Grid>('/grids', body)
export const updateGrid = (id: Id, body: GridInput) => http.patch<Grid>(`/grids/${id}`, body)
export const deleteGrid = (id: Id) => http.del(`/grids/${id}`)
export const moveBuildingsToGrid = (id: Id, building_ids: Id[]) => http.post<unknown>(`/grids/${id}/buildings`, { building_ids })
export const gridsExportUrl = (community_id: Id) => apiUrl('/grids/export', { community_id })
export const planGrids = (body: GridPlanRequest) => http.post<GridPlan>('/grid-plans', body)
export const applyGridPlan = (body: GridPlanApply) => http.post<{ items: Grid[] }>('/grid-plans/apply', body)
