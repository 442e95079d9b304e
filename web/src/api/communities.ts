import { http, type Page, type PageQuery } from './http'
import type { Community, CommunityInput, Id } from './types'

export const listCommunities = (q: PageQuery = {}) => http.get<Page<Community>>('/communities', q)
export const getCommunity = (id: Id) => http.get<Community>(`/communities/${id}`)
export const createCommunity = (body: CommunityInput) => http.post<Community>('/communities', body)
export const updateCommunity = (id: Id, body: CommunityInput) => http.patch<Community>(`/communities/${id}`, body)
