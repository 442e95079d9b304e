// The workers a demand can be filtered by or dispatched to. There is no staff directory for
// community staff (GET /users is the admin's), so the names come from the worker rows of the
// three-rates table (key = user id) of the community, and from the grids' worker names.
import { ref } from 'vue'
import { getRates } from '../../api/demands'
import { listUsers } from '../../api/users'
import type { Id } from '../../api/types'

export interface WorkerOption {
  id: Id
  name: string
}

const cache = new Map<string, WorkerOption[]>()

export function useWorkers() {
  const workers = ref<WorkerOption[]>([])
  async function load(communityId: Id, canRates: boolean, canUsers: boolean): Promise<void> {
    const key = `${communityId}`
    if (cache.has(key)) {
      workers.value = cache.get(key)!
      return
    }
    const out = new Map<Id, string>()
    if (canUsers) {
      try {
        const res = await listUsers({ role: 'grid_worker', limit: 500 })
        for (const u of res.items) if (!u.community_ids.length || u.community_ids.includes(communityId)) out.set(u.id, u.display_name || u.username)
      } catch {
        /* not for this role */
      }
    }
    if (canRates && out.size === 0) {
      try {
        // every worker who has ever had a demand of the community
        const rows = await getRates({ group: 'worker', community_id: communityId, from: '2000-01-01' })
        for (const r of rows) {
          const id = Number(r.id ?? r.key)
          if (Number.isFinite(id) && id > 0) out.set(id, r.name)
        }
      } catch {
        /* no rates yet */
      }
    }
    workers.value = [...out].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
    if (workers.value.length) cache.set(key, workers.value)
  }
  return { workers, load }
}
