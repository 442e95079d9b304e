// 公示 (public notices): the staff endpoints and the public board (no login). docs in src/api/notices.cc.
import { http, type Page, type PageQuery } from './http'

export type NoticeKind = 'general' | 'deliberation' | 'vote' | 'elevator' | 'property'
export type NoticeStatus = 'draft' | 'scheduled' | 'published' | 'ended' | 'archived'
export const NOTICE_KINDS: NoticeKind[] = ['general', 'deliberation', 'vote', 'elevator', 'property']
export const NOTICE_STATUSES: NoticeStatus[] = ['draft', 'scheduled', 'published', 'ended', 'archived']

export interface NoticeAttachment {
  name: string
  url: string
}

export interface NoticeComment {
  id: number
  notice_id: number
  kind: 'comment' | 'objection'
  /** the full name for staff; masked (刘**) on the public board */
  author_name: string
  anonymous: boolean
  text: string
  at: string
  answer: string
  answered_at: string
  /** staff only */
  user_id?: number | null
  answered_by?: string
}

export interface Notice {
  id: number
  community_id: number
  community_name: string
  community_code: string
  compound_ids: number[]
  compound_names: string[]
  title: string
  /** the detail has the body; lists have an excerpt */
  body?: string
  excerpt?: string
  kind: NoticeKind
  status: NoticeStatus
  starts_at: string
  ends_at: string
  /** 2026年11月29日至2026年12月5日 */
  period_text: string
  deliberation_id: number | null
  vote_id: number | null
  attachments: NoticeAttachment[]
  allow_anonymous: boolean
  published_at: string
  archived_at: string
  comments_count: number
  objections_count: number
  unanswered_objections_count: number
  created_by?: string
  created_at?: string
  published_by?: string
  archived_by?: string
  comments?: NoticeComment[]
}

export interface NoticeInput {
  community_id?: number
  title?: string
  body?: string
  kind?: NoticeKind
  starts_at?: string
  ends_at?: string
  compound_ids?: number[]
  deliberation_id?: number | null
  vote_id?: number | null
  allow_anonymous?: boolean
  attachments?: NoticeAttachment[]
}

export interface NoticeFilter {
  community_id?: number
  status?: NoticeStatus | ''
  kind?: NoticeKind | ''
  q?: string
}

export interface CommentInput {
  kind: 'comment' | 'objection'
  text: string
  author_name?: string
}

export const listNotices = (q: NoticeFilter & PageQuery) => http.get<Page<Notice>>('/notices', q)
export const getNotice = (id: number) => http.get<Notice>(`/notices/${id}`)
export const createNotice = (body: NoticeInput) => http.post<Notice>('/notices', body)
export const updateNotice = (id: number, body: NoticeInput) => http.patch<Notice>(`/notices/${id}`, body)
export const publishNotice = (id: number) => http.post<Notice>(`/notices/${id}/publish`)
export const archiveNotice = (id: number) => http.post<Notice>(`/notices/${id}/archive`)
export const commentNotice = (id: number, body: CommentInput) => http.post<NoticeComment>(`/notices/${id}/comments`, body)
export const answerComment = (id: number, commentId: number, answer: string) =>
  http.post<NoticeComment>(`/notices/${id}/comments/${commentId}/answer`, { answer })

// the public board: no login
export const listBoard = (communityCode: string, q: PageQuery = {}) =>
  http.get<Page<Notice>>('/public/notices', { community_code: communityCode, ...q })
export const getBoardNotice = (id: number) => http.get<Notice>(`/public/notices/${id}`)
export const commentBoard = (id: number, body: CommentInput) => http.post<NoticeComment>(`/public/notices/${id}/comments`, body)
/** Uploads a JPEG/PNG/WebP/PDF (≤ 10 MB) for a notice; the answer is the attachment to link. */
export const uploadNoticeFile = (file: File) =>
  http.upload<NoticeAttachment & { mime: string; size: number }>('/notice-files', file, { filename: file.name })
/** The printable A4 page the server renders. */
export const printUrl = (id: number) => `/notices/${id}/print`
