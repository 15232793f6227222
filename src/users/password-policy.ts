/**
 * What a "stronger" password is (P1: the first 6-digit password must be replaced by a stronger one).
 * Pure: returns the reasons a password is refused, empty when it is acceptable.
 */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

export type PasswordProblem = 'too-short' | 'too-long' | 'too-few-kinds' | 'same-as-old' | 'contains-username';

export function passwordProblems(password: string, context: { username?: string; oldPassword?: string } = {}): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if ([...password].length < MIN_PASSWORD_LENGTH) problems.push('too-short');
  if ([...password].length > MAX_PASSWORD_LENGTH) problems.push('too-long');
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
  // Three of the four character kinds: letters-and-digits-only passwords need both cases.
  if (kinds < 3) problems.push('too-few-kinds');
  if (context.oldPassword !== undefined && password === context.oldPassword) problems.push('same-as-old');
  const name = context.username?.toLowerCase();
  if (name && name.length >= 3 && password.toLowerCase().includes(name)) problems.push('contains-username');
  return problems;
}
