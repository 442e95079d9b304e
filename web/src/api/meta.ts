import { http } from './http'
import type { Meta } from './types'

export const getMeta = () => http.get<Meta>('/meta')
