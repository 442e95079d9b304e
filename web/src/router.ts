import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { usePermissionStore } from './stores/permission'
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
  }
}

export const routes: RouteRecordRaw[] = [
  {
    path: '/',
    component: AppLayout,
    redirect: '/registry',
    children: [
      { path: 'registry', name: 'registry', component: () => import('./views/registry/RegistryPage.vue'), meta: { title: 'menu.registry', permission: 'household:read', menu: true, icon: 'house' } },
      { path: 'households/:id', name: 'household', component: () => import('./views/registry/HouseholdDetail.vue'), meta: { title: 'household.title', permission: 'household:read' } },
      { path: 'residents', name: 'residents', component: () => import('./views/registry/ResidentsPage.vue'), meta: { title: 'menu.residents', permission: 'resident:read', menu: true, icon: 'user' } },
      { path: 'grids', name: 'grids', component: () => import('./views/grids/GridsPage.vue'), meta: { title: 'menu.grids', permission: 'grid:read', menu: true, icon: 'grid' } },
      { path: 'grids/plan', name: 'grid-plan', component: () => import('./views/grids/GridPlanPage.vue'), meta: { title: 'menu.gridPlan', permission: 'grid:plan', menu: true, icon: 'plan' } },
      { path: 'import', name: 'import', component: () => import('./views/import/ImportWizard.vue'), meta: { title: 'menu.import', permission: 'registry:import', menu: true, icon: 'upload' } },
      { path: 'forbidden', name: 'forbidden', component: () => import('./views/ForbiddenPage.vue'), meta: { title: 'common.forbidden' } },
    ],
  },
  { path: '/:pathMatch(.*)*', redirect: '/registry' },
]

export const router = createRouter({ history: createWebHistory(), routes })

router.beforeEach((to) => {
  const code = to.meta.permission
  if (code && !usePermissionStore().codes.includes(code)) return { name: 'forbidden' }
  return true
})
