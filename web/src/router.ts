import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { usePermissionStore } from './stores/permission'
import { installSession, useSessionStore } from './stores/session'
import { useAppStore } from './stores/app'
import { ElMessage } from 'element-plus'
import { i18n } from './locales'
import type { RoleCode } from './api/types'
import AppLayout from './layouts/AppLayout.vue'

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title / menu item */
    title?: string
    /** permission code needed to open the page (and to see its menu item) */
    permission?: string
    /** shown in the side menu */
    menu?: boolean
    icon?: string
    /** only these roles see the page (besides the permission) */
    roles?: RoleCode[]
    /** roles that have the permission but another page for it (a resident reads his household on 我的家) */
    hideFor?: RoleCode[]
    /** open without logging in (the login page) */
    public?: boolean
  }
}

export const routes: RouteRecordRaw[] = [
  {
    path: '/',
    component: AppLayout,
    // `/` goes to the user's start page (in the guard: permissions are known only after /auth/me)
    children: [
      { path: 'me', name: 'me', component: () => import('./views/me/MyHousehold.vue'), meta: { title: 'me.menu', permission: 'self:read', roles: ['resident'], menu: true, icon: 'home' } },
      { path: 'overview', name: 'overview', component: () => import('./views/overview/OverviewPage.vue'), meta: { title: 'overview.menu', permission: 'community:read', hideFor: ['resident'], menu: true, icon: 'overview' } },
      { path: 'registry', name: 'registry', component: () => import('./views/registry/RegistryPage.vue'), meta: { title: 'menu.registry', permission: 'household:read', hideFor: ['resident'], menu: true, icon: 'house' } },
      { path: 'households/:id', name: 'household', component: () => import('./views/registry/HouseholdDetail.vue'), meta: { title: 'household.title', permission: 'household:read', hideFor: ['resident'] } },
      { path: 'residents', name: 'residents', component: () => import('./views/registry/ResidentsPage.vue'), meta: { title: 'menu.residents', permission: 'resident:read', hideFor: ['resident'], menu: true, icon: 'user' } },
      { path: 'grids', name: 'grids', component: () => import('./views/grids/GridsPage.vue'), meta: { title: 'menu.grids', permission: 'grid:read', menu: true, icon: 'grid' } },
      { path: 'grids/plan', name: 'grid-plan', component: () => import('./views/grids/GridPlanPage.vue'), meta: { title: 'menu.gridPlan', permission: 'grid:plan', menu: true, icon: 'plan' } },
      // 接诉即办 (demands)
      { path: 'report', name: 'report', component: () => import('./views/demands/ReportPage.vue'), meta: { title: 'demand.menu.report', permission: 'demand:submit', roles: ['resident'], menu: true, icon: 'report' } },
      { path: 'my-demands', name: 'my-demands', component: () => import('./views/demands/MyDemandsPage.vue'), meta: { title: 'demand.menu.mine', permission: 'demand:submit', roles: ['resident'], menu: true, icon: 'demand' } },
      { path: 'demands', name: 'demands', component: () => import('./views/demands/DemandsPage.vue'), meta: { title: 'demand.menu.list', permission: 'demand:read', hideFor: ['resident'], menu: true, icon: 'demand' } },
      { path: 'demands/due', name: 'demand-due', component: () => import('./views/demands/DuePage.vue'), meta: { title: 'demand.menu.due', permission: 'demand:handle', hideFor: ['resident'], menu: true, icon: 'due' } },
      { path: 'demands/rates', name: 'demand-rates', component: () => import('./views/demands/RatesPage.vue'), meta: { title: 'demand.menu.rates', permission: 'demand:rates', menu: true, icon: 'rates' } },
      { path: 'demands/hotspots', name: 'demand-hotspots', component: () => import('./views/demands/HotspotsPage.vue'), meta: { title: 'demand.menu.hotspots', permission: 'demand:rates', menu: true, icon: 'hot' } },
      { path: 'demands/:id(\\d+)', name: 'demand', component: () => import('./views/demands/DemandDetail.vue'), meta: { title: 'demand.detail', permission: 'demand:read' } },
      // 公示 (public notices)
      { path: 'notices', name: 'notices', component: () => import('./views/notices/NoticesPage.vue'), meta: { title: 'notice.menu', permission: 'notice:read', menu: true, icon: 'notice' } },
      { path: 'notices/new', name: 'notice-new', component: () => import('./views/notices/NoticeEditor.vue'), meta: { title: 'notice.create', permission: 'notice:write' } },
      { path: 'notices/:id(\\d+)', name: 'notice', component: () => import('./views/notices/NoticeDetail.vue'), meta: { title: 'notice.detail', permission: 'notice:read' } },
      { path: 'notices/:id(\\d+)/edit', name: 'notice-edit', component: () => import('./views/notices/NoticeEditor.vue'), meta: { title: 'notice.edit', permission: 'notice:write' } },
      // 业主表决 (owner votes): staff list and wizard; a resident's 我的投票 is the same list, scoped to his household
      { path: 'votes', name: 'votes', component: () => import('./views/votes/VotesPage.vue'), meta: { title: 'vote.menu', permission: 'vote:read', hideFor: ['resident'], menu: true, icon: 'vote' } },
      { path: 'my-votes', name: 'my-votes', component: () => import('./views/votes/VotesPage.vue'), meta: { title: 'vote.mine', permission: 'vote:ballot', roles: ['resident'], menu: true, icon: 'vote' } },
      { path: 'votes/new', name: 'vote-new', component: () => import('./views/votes/VoteEditor.vue'), meta: { title: 'vote.create', permission: 'vote:write' } },
      { path: 'votes/:id(\\d+)', name: 'vote', component: () => import('./views/votes/VoteDetail.vue'), meta: { title: 'vote.detail', permission: 'vote:read' } },
      // 议事协商 (six-step deliberations): staff list, new, detail; a resident's 社区议事 lists the ones open for his opinion
      { path: 'deliberations', name: 'deliberations', component: () => import('./views/deliberations/DeliberationsPage.vue'), meta: { title: 'delib.menu', permission: 'deliberation:read', hideFor: ['resident'], menu: true, icon: 'delib' } },
      { path: 'my-deliberations', name: 'my-deliberations', component: () => import('./views/deliberations/DeliberationsPage.vue'), meta: { title: 'delib.menuResident', permission: 'deliberation:read', roles: ['resident'], menu: true, icon: 'delib' } },
      { path: 'deliberations/new', name: 'deliberation-new', component: () => import('./views/deliberations/DeliberationNew.vue'), meta: { title: 'delib.create', permission: 'deliberation:write' } },
      { path: 'deliberations/:id(\\d+)', name: 'deliberation', component: () => import('./views/deliberations/DeliberationDetail.vue'), meta: { title: 'delib.detail', permission: 'deliberation:read' } },
      // 物业管理 (property management): staff list and a compound's page; a resident's 物业服务 with his share and the yearly rating
      { path: 'property', name: 'property', component: () => import('./views/property/PropertyPage.vue'), meta: { title: 'property.menu', permission: 'property:read', hideFor: ['resident'], menu: true, icon: 'property' } },
      { path: 'property/:compoundId(\\d+)', name: 'property-compound', component: () => import('./views/property/PropertyCompound.vue'), meta: { title: 'property.detail', permission: 'property:read', hideFor: ['resident'] } },
      { path: 'my-property', name: 'my-property', component: () => import('./views/property/MyProperty.vue'), meta: { title: 'property.mine', permission: 'property:rate', roles: ['resident'], menu: true, icon: 'property' } },
      // 邻里议事厅 (deliberation halls): staff define them, workers log visits; a resident sees his hall on 我的家
      { path: 'halls', name: 'halls', component: () => import('./views/halls/HallsPage.vue'), meta: { title: 'hall.menu', permission: 'hall:read', roles: ['grid_worker', 'community_staff', 'community_head', 'street_admin'], menu: true, icon: 'hall' } },
      { path: 'halls/:id(\\d+)/visits', name: 'hall-visits', component: () => import('./views/halls/HallVisits.vue'), meta: { title: 'hall.visits', permission: 'hall:visit' } },
      { path: 'import', name: 'import', component: () => import('./views/import/ImportWizard.vue'), meta: { title: 'menu.import', permission: 'registry:import', menu: true, icon: 'upload' } },
      { path: 'users', name: 'users', component: () => import('./views/users/UsersPage.vue'), meta: { title: 'users.menu', permission: 'user:read', menu: true, icon: 'users' } },
      { path: 'audit', name: 'audit', component: () => import('./views/audit/AuditPage.vue'), meta: { title: 'audit.menu', permission: 'audit:read', menu: true, icon: 'audit' } },
      // after the accounts pages: an admin (who may configure demands too) still starts on 账号管理
      { path: 'demands/settings', name: 'demand-settings', component: () => import('./views/demands/DemandSettingsPage.vue'), meta: { title: 'demand.menu.settings', permission: 'demand:config', menu: true, icon: 'settings' } },
      { path: 'forbidden', name: 'forbidden', component: () => import('./views/ForbiddenPage.vue'), meta: { title: 'common.forbidden' } },
    ],
  },
  // the public notice board: no login, phone first
  { path: '/board/:communityCode(\\d{12})', name: 'board', component: () => import('./views/notices/BoardPage.vue'), meta: { title: 'board.titleGeneric', public: true } },
  { path: '/board/:communityCode(\\d{12})/:id(\\d+)', name: 'board-notice', component: () => import('./views/notices/BoardNotice.vue'), meta: { title: 'board.titleGeneric', public: true } },
  { path: '/login', name: 'login', component: () => import('./views/auth/LoginPage.vue'), meta: { title: 'auth.title', public: true } },
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

export const router = createRouter({ history: createWebHistory(), routes })

/** True when the logged-in user may open a page with this meta (permission code and role). */
export function canOpen(meta: RouteRecordRaw['meta']): boolean {
  const code = meta?.permission
  if (code && !usePermissionStore().codes.includes(code)) return false
  const role = useSessionStore().user?.role
  if (meta?.roles && (!role || !meta.roles.includes(role))) return false
  if (meta?.hideFor && role && meta.hideFor.includes(role)) return false
  return true
}

/** The first menu page the user may open (a resident lands on 我的家, an auditor on 审计日志 …). */
export function homePath(): string {
  const first = (routes[0].children ?? []).find((r) => r.meta?.menu && canOpen(r.meta))
  return first ? `/${first.path}` : '/forbidden'
}

let sessionInstalled = false
router.beforeEach(async (to) => {
  const session = useSessionStore()
  if (!sessionInstalled) {
    sessionInstalled = true
    // the session ended on the server (idle timeout, password reset, logout elsewhere)
    installSession(() => {
      const here = router.currentRoute.value
      if (here.meta.public) return
      useAppStore().$reset()
      ElMessage.warning(i18n.global.t('auth.sessionExpired'))
      router.replace({ name: 'login', query: { redirect: here.fullPath } })
    })
  }
  await session.restore()
  if (to.meta.public) return to.name === 'login' && session.loggedIn ? homePath() : true
  if (!session.loggedIn) return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } }
  if (to.path === '/') return homePath()
  // a page the role may not use: back to the user's own start page
  if (!to.matched.every((r) => canOpen(r.meta))) {
    const home = homePath()
    return home === to.path ? { name: 'forbidden' } : home
  }
  return true
})
