import { describe, expect, it } from 'vitest'
import { passwordProblem } from './password'

describe('password policy', () => {
  it('needs 8 characters', () => expect(passwordProblem('Ab1!')).toBe('password_too_short'))
  it('needs 3 classes', () => expect(passwordProblem('abcdefgh1')).toBe('password_classes'))
  it('accepts the demo password', () => expect(passwordProblem('Demo@2026')).toBe(''))
})

import { ageFrom } from './validators'
describe('age from a masked birth date', () => {
  it('uses the year', () => expect(ageFrom('1990-**-**', '2026-11-22')).toBe(36))
  it('full dates unchanged', () => expect(ageFrom('1990-12-01', '2026-11-22')).toBe(35))
})
