import { http, type Page, type PageQuery } from './http'
import type { Id, RoleCode, User, UserCreate, UserUpdate } from './types'

export interface UserFilter {
  q?: string
  role?: RoleCode | ''
}

export const listUsers = (q: UserFilter & PageQuery) => http.get<Page<User>>('/users', q)
export const getUser = (id: Id) => http.get<User>(`/users/${id}`)
export const createUser = (body: UserCreate) => http.post<User>('/users', body)
export const updateUser = (id: Id, body: UserUpdate) => http.patch<User>(`/users/${id}`, body)
export const resetUserPassword = (id: Id, password: string) => http.post<void>(`/users/${id}/password`, { password })

/** A household's members for linking a resident account to its own record (ID numbers masked). */
export interface ResidentChoice {
  id: Id
  name: string
  relation: string
  is_owner: boolean
  id_number: string
}
export const residentChoices = (household_id: Id) =>
  http.get<{ household_id: Id; address: string; items: ResidentChoice[] }>('/users/resident-choices', { household_id })
