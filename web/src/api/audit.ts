import { apiUrl, http, type Page, type PageQuery } from './http'
import type { AuditEntry, AuditFilter, AuditVerify } from './types'

export const listAudit = (q: AuditFilter & PageQuery) => http.get<Page<AuditEntry>>('/audit', q)
export const auditExportUrl = (f: AuditFilter) => apiUrl('/audit/export', f)
export const verifyAudit = () => http.get<AuditVerify>('/audit/verify')
