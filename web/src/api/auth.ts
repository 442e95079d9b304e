import { http } from './http'
import type { LoginInput, Me, PasswordChange } from './types'

export const login = (body: LoginInput) => http.post<Me>('/auth/login', body)
export const logout = () => http.post<void>('/auth/logout')
export const getMe = () => http.get<Me>('/auth/me')
export const changePassword = (body: PasswordChange) => http.post<void>('/auth/password', body)
