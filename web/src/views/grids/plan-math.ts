/** Mean, max, min and imbalance (max ÷ mean, 1 = perfect) of households per grid. */
export function imbalance(loads: number[]): { mean: number; max: number; min: number; imbalance: number } {
  if (!loads.length) return { mean: 0, max: 0, min: 0, imbalance: 0 }
  const mean = loads.reduce((a, b) => a + b, 0) / loads.length
  const max = Math.max(...loads)
  const min = Math.min(...loads)
  return { mean, max, min, imbalance: mean > 0 ? max / mean : 0 }
}
