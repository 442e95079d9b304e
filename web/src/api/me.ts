import { apiUrl, http } from './http'
import type { HouseholdDetail } from './types'

export const getMyHousehold = () => http.get<HouseholdDetail>('/me/household')
export const myExportUrl = () => apiUrl('/me/export')
