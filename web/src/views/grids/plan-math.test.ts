import { describe, expect, it } from 'vitest'
import { dropEmptyGrids, emptyGrids, imbalance } from './plan-math'

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

describe('empty grids', () => {
  const grids = [
    { code: '110112002014001', name: '第1网格' },
    { code: '110112002014002', name: '第2网格' },
    { code: '110112002014003', name: '东区' },
  ]
  // buildings 10, 11 in grid 0; 12 in grid 2; grid 1 is empty
  const assign = new Map([
    [10, 0],
    [11, 0],
    [12, 2],
  ])
  it('finds them', () => expect(emptyGrids(3, assign)).toEqual([1]))
  it('drops them and renumbers codes and 第N网格 names', () => {
    const r = dropEmptyGrids(grids, assign, '110112002014')
    expect(r.grids.map((g) => [g.code, g.name])).toEqual([
      ['110112002014001', '第1网格'],
      ['110112002014002', '东区'],
    ])
    expect([...r.assign]).toEqual([
      [10, 0],
      [11, 0],
      [12, 1],
    ])
  })
})
