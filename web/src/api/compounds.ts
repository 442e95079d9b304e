import { http, type Page, type PageQuery } from './http'
import type { Compound, CompoundInput, Id } from './types'

export const listCompounds = (q: PageQuery & { community_id: Id }) => http.get<Page<Compound>>('/compounds', q)
export const getCompound = (id: Id) => http.get<Compound>(`/compounds/${id}`)
export const createCompound = (body: CompoundInput) => http.post<Compound>('/compounds', body)
export const updateCompound = (id: Id, body: CompoundInput) => http.patch<Compound>(`/compounds/${id}`, body)
export const deleteCompound = (id: Id, cascade = false) => http.del(`/compounds/${id}`, { cascade: cascade || undefined })
