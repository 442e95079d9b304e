import { http } from './http'
import type { ColumnMapping, Id, ImportCheckResult, ImportCommitResult, ImportUpload } from './types'

export const uploadImport = (community_id: Id, file: File) => http.upload<ImportUpload>('/imports', file, { community_id, filename: file.name })
export const checkImport = (id: Id, mapping: ColumnMapping) => http.post<ImportCheckResult>(`/imports/${id}/check`, { mapping })
export const commitImport = (id: Id, mapping: ColumnMapping, skip_invalid: boolean) =>
  http.post<ImportCommitResult>(`/imports/${id}/commit`, { mapping, skip_invalid })
