import { defineStore } from 'pinia'
import { listCommunities } from '../api/communities'
import { getMeta } from '../api/meta'
import type { Community, Meta, MetaTag } from '../api/types'
import { usePermissionStore } from './permission'

// Built-in tags, used until /meta answers (and if it cannot).
const FALLBACK_TAGS: MetaTag[] = [
  { code: 'elderly_alone', label_zh: '独居老人', label_en: 'Elderly living alone', vulnerable: true },
  { code: 'gugua', label_zh: '孤寡老人', label_en: 'Elderly without family', vulnerable: true },
  { code: 'low_income', label_zh: '低保', label_en: 'Minimum living allowance', vulnerable: true },
  { code: 'tekun', label_zh: '特困', label_en: 'Extreme poverty', vulnerable: true },
  { code: 'disabled', label_zh: '残疾', label_en: 'Disabled', vulnerable: true },
  { code: 'left_behind', label_zh: '留守', label_en: 'Left behind', vulnerable: true },
  { code: 'party_member', label_zh: '党员', label_en: 'Party member', vulnerable: false },
  { code: 'volunteer', label_zh: '志愿者', label_en: 'Volunteer', vulnerable: false },
]
const FALLBACK_RELATIONS = ['户主', '配偶', '子女', '父母', '孙子女', '兄弟姐妹', '租户', '其他']

export const useAppStore = defineStore('app', {
  state: () => ({
    communities: [] as Community[],
    communityId: 0,
    meta: { version: '', tags: FALLBACK_TAGS, relations: FALLBACK_RELATIONS, import_fields: [] } as Meta,
    loaded: false,
  }),
  getters: {
    community: (s): Community | undefined => s.communities.find((c) => c.id === s.communityId),
  },
  actions: {
    async load() {
      // roles without community:read (auditor, admin, property company) do not ask for communities
      const mayList = usePermissionStore().codes.includes('community:read')
      const [communities, meta] = await Promise.allSettled([mayList ? listCommunities({ limit: 500 }) : Promise.resolve({ items: [] as Community[] }), getMeta()])
      if (communities.status === 'fulfilled') {
        this.communities = communities.value.items
        const saved = Number(localStorage.getItem('linli.community') || 0)
        this.communityId = this.communities.find((c) => c.id === saved)?.id ?? this.communities[0]?.id ?? 0
      }
      if (meta.status === 'fulfilled') {
        this.meta = { ...meta.value, tags: meta.value.tags?.length ? meta.value.tags : FALLBACK_TAGS, relations: meta.value.relations?.length ? meta.value.relations : FALLBACK_RELATIONS }
      }
      this.loaded = true
    },
    async refreshCommunities() {
      const res = await listCommunities({ limit: 500 })
      this.communities = res.items
    },
    selectCommunity(id: number) {
      this.communityId = id
      localStorage.setItem('linli.community', String(id))
    },
    tag(code: string): MetaTag | undefined {
      return this.meta.tags.find((t) => t.code === code)
    },
  },
})
