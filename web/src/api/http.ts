// The one request client of the console: JSON in and out, errors parsed into ApiError.
// Every endpoint is a one-line typed function in the file of its resource (see ./households.ts).

/** One field problem, as the server reports it in error.details. */
export interface FieldErrorDetail {
  field: string
  reason: string
  message: string
}

/** The body of every error response: {"error": ApiErrorBody}. */
export interface ApiErrorBody {
  code: string
  message: string
  field?: string
  details?: FieldErrorDetail[]
}

/** A failed request: HTTP status, stable code, Chinese message and per-field details. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly field: string
  readonly details: FieldErrorDetail[]
  constructor(status: number, body: ApiErrorBody) {
    super(body.message)
    this.name = 'ApiError'
    this.status = status
    this.code = body.code
    this.field = body.field ?? ''
    this.details = body.details ?? []
  }
}

/** A page of a list endpoint. */
export interface Page<T> {
  items: T[]
  total: number
  offset: number
  limit: number
}

export interface PageQuery {
  offset?: number
  limit?: number
}

export type QueryValue = string | number | boolean | undefined | null
export type Query = Record<string, QueryValue>

type HeaderProvider = () => Record<string, string>
let csrfHeaders: HeaderProvider = () => ({})

/** Installs the provider of the CSRF header(s) sent with every unsafe request (`X-CSRF-Token`, from login or /auth/me). */
export function setCsrfHeaderProvider(provider: HeaderProvider): void {
  csrfHeaders = provider
}

type UnauthenticatedHandler = (path: string) => void
let onUnauthenticated: UnauthenticatedHandler = () => {}

/** Installs what happens when the server answers 401 (the session store sends the user to /login). */
export function setUnauthenticatedHandler(handler: UnauthenticatedHandler): void {
  onUnauthenticated = handler
}

export const API_BASE = '/api/v1'

/** Builds `/api/v1/<path>?<query>`, leaving out empty values. */
export function apiUrl(path: string, query?: object): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries((query ?? {}) as Query)) {
    if (v === undefined || v === null || v === '') continue
    params.append(k, String(v))
  }
  const qs = params.toString()
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`
}

function isErrorEnvelope(v: unknown): v is { error: ApiErrorBody } {
  if (typeof v !== 'object' || v === null || !('error' in v)) return false
  const e = (v as { error: unknown }).error
  return typeof e === 'object' && e !== null && 'code' in e && 'message' in e
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  query?: object
  /** JSON body */
  body?: unknown
  /** raw body (file upload) */
  raw?: Blob | ArrayBuffer
  contentType?: string
}

/** Sends one request; resolves with the parsed JSON (undefined for 204), rejects with ApiError. */
export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? 'GET'
  const headers: Record<string, string> = { Accept: 'application/json' }
  let body: BodyInit | undefined
  if (opts.raw !== undefined) {
    body = opts.raw
    headers['Content-Type'] = opts.contentType ?? 'application/octet-stream'
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body)
    headers['Content-Type'] = 'application/json'
  }
  if (method !== 'GET') Object.assign(headers, csrfHeaders())
  let res: Response
  try {
    res = await fetch(apiUrl(path, opts.query), { method, headers, body, credentials: 'same-origin' })
  } catch (e) {
    throw new ApiError(0, { code: 'unavailable', message: e instanceof Error ? e.message : String(e) })
  }
  const text = await res.text()
  let data: unknown = undefined
  if (text) {
    try {
      data = JSON.parse(text)
    } catch {
      data = undefined
    }
  }
  if (!res.ok) {
    if (res.status === 401) onUnauthenticated(path)
    if (isErrorEnvelope(data)) throw new ApiError(res.status, data.error)
    throw new ApiError(res.status, { code: res.status >= 500 ? 'internal' : 'http_error', message: `HTTP ${res.status} ${res.statusText}` })
  }
  return data as T
}

export const http = {
  get: <T>(path: string, query?: object) => request<T>(path, { query }),
  post: <T>(path: string, body?: unknown, query?: object) => request<T>(path, { method: 'POST', body: body ?? {}, query }),
  patch: <T>(path: string, body: unknown) => request<T>(path, { method: 'PATCH', body }),
  del: (path: string, query?: object) => request<void>(path, { method: 'DELETE', query }),
  upload: <T>(path: string, raw: Blob, query?: object) =>
    request<T>(path, { method: 'POST', raw, query, contentType: raw.type || 'application/octet-stream' }),
}
