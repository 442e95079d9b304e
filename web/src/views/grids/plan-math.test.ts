import { describe, expect, it } from 'vitest'
import { imbalance } from './plan-math'

describe('imbalance', () => {
  it('is max over mean', () => {
    const r = imbalance([150, 140, 160])
    expect(r.mean).toBe(150)
    expect(r.imbalance).toBeCloseTo(160 / 150)
    expect(r.min).toBe(140)
  })
  it('is 0 for no grids', () => {
    expect(imbalance([]).imbalance).toBe(0)
  })
})
