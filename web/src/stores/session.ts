import { defineStore } from 'pinia'
import { getMe, login as apiLogin, logout as apiLogout } from '../api/auth'
import { ApiError, setCsrfHeaderProvider, setUnauthenticatedHandler } from '../api/http'
import type { LoginInput, Me, User } from '../api/types'
import { usePermissionStore } from './permission'

/**
 * The logged-in user: restored with GET /auth/me when the console starts, set by login, cleared by
 * logout or any 401. Feeds the permission store and the CSRF header of every unsafe request.
 */
export const useSessionStore = defineStore('session', {
  state: () => ({
    user: null as User | null,
    csrf: '',
    /** true once /auth/me has answered (logged in or not) */
    checked: false,
  }),
  getters: {
    loggedIn: (s) => s.user !== null,
  },
  actions: {
    apply(me: Me | null) {
      this.user = me?.user ?? null
      this.csrf = me?.csrf_token ?? ''
      usePermissionStore().setCodes(me?.permissions ?? [])
    },
    /** Asks the server who is logged in (once per page load unless forced). */
    async restore(force = false): Promise<void> {
      if (this.checked && !force) return
      try {
        this.apply(await getMe())
      } catch (e) {
        if (!(e instanceof ApiError) || e.status !== 401) console.warn('auth/me', e)
        this.apply(null)
      } finally {
        this.checked = true
      }
    },
    async login(body: LoginInput): Promise<void> {
      const me = await apiLogin(body)
      this.apply(me)
      this.checked = true
    },
    async logout(): Promise<void> {
      try {
        await apiLogout()
      } catch {
        /* the session may be gone already */
      }
      this.apply(null)
    },
  },
})

/** Wires the session into the request client: CSRF header, and 401 → `onLost` (the router sends to /login). */
export function installSession(onLost: () => void): void {
  const session = useSessionStore()
  setCsrfHeaderProvider((): Record<string, string> => (session.csrf ? { 'X-CSRF-Token': session.csrf } : {}))
  setUnauthenticatedHandler((path) => {
    if (path.startsWith('/auth/')) return
    if (!session.user) return
    session.apply(null)
    onLost()
  })
}
