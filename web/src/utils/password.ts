/** The password policy of the server (docs/api.md): ≥ 8 characters from ≥ 3 classes. */
export function passwordClasses(p: string): number {
  let n = 0
  if (/[a-z]/.test(p)) n++
  if (/[A-Z]/.test(p)) n++
  if (/[0-9]/.test(p)) n++
  if (/[^a-zA-Z0-9]/.test(p)) n++
  return n
}

/** The reason code the server would give (`password_too_short`, `password_classes`), or '' when fine. */
export function passwordProblem(p: string): '' | 'password_too_short' | 'password_classes' {
  if ([...p].length < 8) return 'password_too_short'
  if (passwordClasses(p) < 3) return 'password_classes'
  return ''
}
