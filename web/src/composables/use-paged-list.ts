import { computed, reactive, ref, type Ref } from 'vue'
import type { Page, PageQuery } from '../api/http'
import { useApiError } from './use-form-errors'

/**
 * A server-paged list behind a filter: rows, total, loading, page size, and the handlers the
 * toolbar and el-pagination need. `fetch(query)` is the list endpoint; `filter` its current
 * filters (a computed). Nothing is fetched while `ready()` is false (no community chosen yet).
 *
 *   const list = usePagedList(listResidents, filter, () => !!app.communityId)
 *   onMounted(list.reload)
 */
export function usePagedList<T, F extends object>(fetch: (q: F & PageQuery) => Promise<Page<T>>, filter: Ref<F>, ready: () => boolean = () => true) {
  const { showError } = useApiError()
  const rows = ref<T[]>([]) as Ref<T[]>
  const total = ref(0)
  const loading = ref(false)
  /** true once the first answer came: empty states wait for it */
  const loaded = ref(false)
  const page = reactive({ offset: 0, limit: 20 })

  async function load(): Promise<void> {
    if (!ready()) return
    loading.value = true
    try {
      const res = await fetch({ ...filter.value, offset: page.offset, limit: page.limit })
      rows.value = res.items
      total.value = res.total
      loaded.value = true
    } catch (e) {
      showError(e)
    } finally {
      loading.value = false
    }
  }
  /** Back to the first page with the current filter. */
  function reload(): Promise<void> {
    page.offset = 0
    return load()
  }
  const currentPage = computed({
    get: () => Math.floor(page.offset / page.limit) + 1,
    set: (p: number) => {
      page.offset = (p - 1) * page.limit
      void load()
    },
  })
  function setSize(size: number): void {
    page.limit = size
    void reload()
  }
  return { rows, total, loading, loaded, page, currentPage, load, reload, setSize }
}

/** What usePagedList returns (the ListPager component takes it whole). */
export type PagedList = Pick<ReturnType<typeof usePagedList>, 'total' | 'page' | 'currentPage' | 'setSize'>
