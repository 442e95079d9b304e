/** Mean, max, min and imbalance (max ÷ mean, 1 = perfect) of households per grid. */
export function imbalance(loads: number[]): { mean: number; max: number; min: number; imbalance: number } {
  if (!loads.length) return { mean: 0, max: 0, min: 0, imbalance: 0 }
  const mean = loads.reduce((a, b) => a + b, 0) / loads.length
  const max = Math.max(...loads)
  const min = Math.min(...loads)
  return { mean, max, min, imbalance: mean > 0 ? max / mean : 0 }
}

/** Indexes of the grids no building is assigned to. */
export function emptyGrids(count: number, assign: Map<number, number>): number[] {
  const used = new Set(assign.values())
  return [...Array(count).keys()].filter((i) => !used.has(i))
}

/**
 * Drops the grids without buildings and renumbers the rest: codes become community code + 001, 002 …
 * (the server's rule), names of the form 第N网格 follow their new number; other names stay.
 * Returns the remaining grids and the building → grid index map for them.
 */
export function dropEmptyGrids<G extends { code: string; name: string }>(
  grids: G[],
  assign: Map<number, number>,
  communityCode: string,
): { grids: G[]; assign: Map<number, number> } {
  const empty = new Set(emptyGrids(grids.length, assign))
  const newIndex = new Map<number, number>()
  const kept: G[] = []
  grids.forEach((g, i) => {
    if (empty.has(i)) return
    newIndex.set(i, kept.length)
    const n = kept.length + 1
    kept.push({ ...g, code: `${communityCode}${String(n).padStart(3, '0')}`, name: /^第\d+网格$/.test(g.name) ? `第${n}网格` : g.name })
  })
  const a = new Map<number, number>()
  for (const [b, i] of assign) a.set(b, newIndex.get(i) ?? 0)
  return { grids: kept, assign: a }
}
