// Lazy tree of the registry: community → compound → building → unit → household.
import type { CascaderOption, CascaderProps } from 'element-plus'
import type { Building, Community, Compound, Household, Unit } from '../../api/types'
import { listCompounds } from '../../api/compounds'
import { listBuildings } from '../../api/buildings'
import { listUnits } from '../../api/units'
import { listHouseholds } from '../../api/households'

export type NodeLevel = 'community' | 'compound' | 'building' | 'unit' | 'household'

export type RegistryNode =
  | { key: string; level: 'community'; id: number; name: string; leaf: false; raw: Community }
  | { key: string; level: 'compound'; id: number; name: string; leaf: false; raw: Compound }
  | { key: string; level: 'building'; id: number; name: string; leaf: false; raw: Building }
  | { key: string; level: 'unit'; id: number; name: string; leaf: false; raw: Unit }
  | { key: string; level: 'household'; id: number; name: string; leaf: true; raw: Household }

export const nodeKey = (level: NodeLevel, id: number) => `${level}:${id}`

const natural = new Intl.Collator('zh-CN', { numeric: true })
const byName = <T extends { name: string }>(a: T, b: T) => natural.compare(a.name, b.name)

/** The children of a node (all of them: the registry's lists are small per parent). */
export async function loadChildren(node: RegistryNode): Promise<RegistryNode[]> {
  switch (node.level) {
    case 'community':
      return (await listCompounds({ community_id: node.id, limit: 500 })).items
        .map((c) => ({ key: nodeKey('compound', c.id), level: 'compound' as const, id: c.id, name: c.name, leaf: false as const, raw: c }))
        .sort(byName)
    case 'compound':
      return (await listBuildings({ compound_id: node.id, limit: 500 })).items
        .map((b) => ({ key: nodeKey('building', b.id), level: 'building' as const, id: b.id, name: b.name, leaf: false as const, raw: b }))
        .sort(byName)
    case 'building':
      return (await listUnits({ building_id: node.id, limit: 500 })).items
        .map((u) => ({ key: nodeKey('unit', u.id), level: 'unit' as const, id: u.id, name: u.name, leaf: false as const, raw: u }))
        .sort(byName)
    case 'unit':
      return (await listHouseholds({ unit_id: node.id, limit: 500 })).items
        .map((h) => ({ key: nodeKey('household', h.id), level: 'household' as const, id: h.id, name: h.door, leaf: true as const, raw: h }))
        .sort(byName)
    default:
      return []
  }
}

/** A registry node as an el-cascader option: the registry's lazy tree down to units. */
export interface RegistryCascader {
  props: CascaderProps
  /** the node behind an option key (once loaded) */
  node: (key: string) => RegistryNode | undefined
}

/**
 * Lazy el-cascader props over the registry, down to units. `root` is the community node;
 * with `showRoot` the first column is the community itself (pick any level: `strict`), without
 * it the first column lists its compounds (小区 → 楼 → 单元).
 */
export function registryCascader(opts: {
  root: () => RegistryNode | null
  label: (n: RegistryNode) => string
  showRoot: boolean
  strict: boolean
  onError: (e: unknown) => void
}): RegistryCascader {
  const nodes = new Map<string, RegistryNode>()
  const toOption = (n: RegistryNode): CascaderOption => {
    nodes.set(n.key, n)
    return { key: n.key, label: opts.label(n), leaf: n.level === 'unit' }
  }
  const props: CascaderProps = {
    lazy: true,
    checkStrictly: opts.strict,
    value: 'key',
    label: 'label',
    leaf: 'leaf',
    async lazyLoad(node, resolve) {
      try {
        const root = opts.root()
        if (node.level === 0) {
          if (!root) return resolve([])
          return resolve(opts.showRoot ? [toOption(root)] : (await loadChildren(root)).map(toOption))
        }
        const parent = nodes.get(String(node.value))
        resolve(parent && parent.level !== 'unit' ? (await loadChildren(parent)).map(toOption) : [])
      } catch (e) {
        opts.onError(e)
        resolve([])
      }
    },
  }
  return { props, node: (key) => nodes.get(key) }
}
