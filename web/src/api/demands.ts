// 接诉即办: the demands endpoints (contract: /work/helpers/demands-api.md). One line each, plus the
// few that need more: the intake POST carries an Idempotency-Key header, and answers that may be a
// bare array or {items} are normalised here so the pages see one shape.
import { ApiError, apiUrl, http, request, type ApiErrorBody, type Page, type PageQuery } from './http'
import type { Id } from './types'
import { useSessionStore } from '../stores/session'
import type {
  CategorySuggestion,
  Demand,
  DemandActionInput,
  DemandAttachment,
  DemandCategory,
  DemandCreated,
  DemandDetail,
  DemandFilter,
  DemandImportResult,
  DemandInput,
  DemandSettings,
  DemandSubmitInput,
  DemandSummary,
  Hotspot,
  RateRow,
  RatesQuery,
  TrendPoint,
} from './demand-types'

/** `[...]` or `{items:[...]}` → the array. */
function items<T>(v: unknown): T[] {
  if (Array.isArray(v)) return v as T[]
  if (v && typeof v === 'object' && Array.isArray((v as { items?: unknown }).items)) return (v as { items: T[] }).items
  return []
}

/** A POST with extra headers (Idempotency-Key): the same error handling as http.ts. */
async function postWithHeaders<T>(path: string, body: unknown, extra: Record<string, string>): Promise<T> {
  const session = useSessionStore()
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'application/json', ...extra }
  if (session.csrf) headers['X-CSRF-Token'] = session.csrf
  let res: Response
  try {
    res = await fetch(apiUrl(path), { method: 'POST', headers, body: JSON.stringify(body), credentials: 'same-origin' })
  } catch (e) {
    throw new ApiError(0, { code: 'unavailable', message: e instanceof Error ? e.message : String(e) })
  }
  const text = await res.text()
  let data: unknown
  try {
    data = text ? JSON.parse(text) : undefined
  } catch {
    data = undefined
  }
  if (!res.ok) {
    const err = (data as { error?: ApiErrorBody } | undefined)?.error
    if (err && err.code) throw new ApiError(res.status, err)
    throw new ApiError(res.status, { code: res.status >= 500 ? 'internal' : 'http_error', message: `HTTP ${res.status} ${res.statusText}` })
  }
  return data as T
}

/** A fresh idempotency key (one per opened form). */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID()
  return `${Date.now().toString(16)}-${Math.random().toString(16).slice(2)}-${Math.random().toString(16).slice(2)}`
}

// ---- demands
export const listDemands = (q: DemandFilter & PageQuery) => http.get<Page<Demand>>('/demands', q)
export const demandsExportUrl = (f: DemandFilter) => apiUrl('/demands/export', f)

function normaliseCreated(v: unknown): DemandCreated {
  const o = v as Partial<DemandCreated> & Partial<Demand>
  if (o && o.demand) return { demand: o.demand, duplicates: o.duplicates ?? [] }
  return { demand: o as Demand, duplicates: [] }
}
/** Staff intake: the same key and body give the same demand (a double click creates one). */
export const createDemand = async (body: DemandInput, idempotencyKey: string) =>
  normaliseCreated(await postWithHeaders<unknown>('/demands', body, { 'Idempotency-Key': idempotencyKey }))
/** A resident submits his own. */
export const submitDemand = async (body: DemandSubmitInput, idempotencyKey: string) =>
  normaliseCreated(await postWithHeaders<unknown>('/demands/submit', body, { 'Idempotency-Key': idempotencyKey }))

/** GET /demands/{id}: `{demand, events, …}` or a flat demand with the lists beside its fields. */
export async function getDemand(id: Id): Promise<DemandDetail> {
  const v = await http.get<Record<string, unknown>>(`/demands/${id}`)
  const demand = (v.demand ?? v) as Demand
  const kids = Array.isArray(v.children) ? (v.children as DemandSummary[]) : []
  return {
    demand,
    events: items(v.events),
    attachments: items(v.attachments),
    children: kids,
    parent: (v.parent as DemandSummary | null | undefined) ?? null,
  }
}

/** One step of the lifecycle: answers the updated demand (409 illegal_transition when not allowed now). */
export async function demandAction(id: Id, body: DemandActionInput): Promise<Demand> {
  const v = await http.post<Record<string, unknown>>(`/demands/${id}/actions`, body)
  return ((v && v.demand) ?? v) as Demand
}

export const findDuplicates = async (q: { community_id?: Id; building_id?: Id; grid_id?: Id; text: string }) =>
  items<DemandSummary>(await http.get<unknown>('/demands/duplicates', q))
export const suggestCategory = async (q: { text: string; community_id?: Id }) =>
  items<CategorySuggestion>(await http.get<unknown>('/demands/suggest-category', q))

/** Uploads a photo or PDF (multipart, so the server keeps its file name). */
export async function uploadAttachment(file: File | Blob): Promise<DemandAttachment> {
  const session = useSessionStore()
  const fd = new FormData()
  fd.append('file', file, file instanceof File ? file.name : 'upload')
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (session.csrf) headers['X-CSRF-Token'] = session.csrf
  let res: Response
  try {
    res = await fetch(apiUrl('/demands/attachments'), { method: 'POST', headers, body: fd, credentials: 'same-origin' })
  } catch (e) {
    throw new ApiError(0, { code: 'unavailable', message: e instanceof Error ? e.message : String(e) })
  }
  const data = await res.json().catch(() => undefined)
  if (!res.ok) {
    const err = (data as { error?: ApiErrorBody } | undefined)?.error
    throw new ApiError(res.status, err && err.code ? err : { code: 'http_error', message: `HTTP ${res.status}` })
  }
  return data as DemandAttachment
}
export const attachmentUrl = (id: Id) => apiUrl(`/demands/attachments/${id}`)

// ---- configuration
export const getCategories = async () => items<DemandCategory>(await http.get<unknown>('/demand-categories'))
export const putCategories = (tree: DemandCategory[]) => request<unknown>('/demand-categories', { method: 'PUT', body: { items: tree } })
export const getDemandSettings = () => http.get<DemandSettings>('/demand-settings')
export const putDemandSettings = (s: DemandSettings) => request<DemandSettings>('/demand-settings', { method: 'PUT', body: s })

// ---- rates, trend, hotspots, due list
export const getRates = async (q: RatesQuery) => items<RateRow>(await http.get<unknown>('/demands/rates', q))
export const getMonthlyRates = async (q: RatesQuery & { year: number }) => items<RateRow>(await http.get<unknown>('/demands/rates/monthly', q))
export const ratesExportUrl = (q: RatesQuery & { year?: number; month?: string }) => apiUrl('/demands/rates/export', q)
export const getTrend = async (q: { from?: string; to?: string; community_id?: Id }) => items<TrendPoint>(await http.get<unknown>('/demands/trend', q))
export const getHotspots = async (q: { from?: string; to?: string; community_id?: Id }) => items<Hotspot>(await http.get<unknown>('/demands/hotspots', q))
/** Overdue and due within 24 h (the caller's own with `mine`). */
export async function getDue(mine: boolean): Promise<{ overdue: Demand[]; due_soon: Demand[] }> {
  const v = await http.get<{ overdue?: Demand[]; due_soon?: Demand[] }>('/demands/due', { mine: mine ? true : undefined })
  return { overdue: v.overdue ?? [], due_soon: v.due_soon ?? [] }
}

/** 12345 tickets from .xlsx/.csv: preview first (nothing written), then import; the same file again creates nothing. */
export const importDemands = (file: File, preview: boolean, community_id?: Id) =>
  http.upload<DemandImportResult>('/demands/import', file, { preview, filename: file.name, community_id })
