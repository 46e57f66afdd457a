// Unique Pupil Numbers for test files: a check letter, then 12 characters. Characters 2-13 are
// weighted 2-13; the weighted sum mod 23 indexes the check-letter alphabet.
const CHECK_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

export function checkLetter(body: string): string {
  if (body.length !== 12) throw new Error(`a UPN body has 12 characters, not ${body.length}`);
  let total = 0;
  [...body].forEach((char, i) => {
    const value = /[A-Z]/.test(char) ? CHECK_LETTERS.indexOf(char) : Number(char);
    total += value * (i + 2);
  });
  return CHECK_LETTERS[total % 23]!;
}

export function makeUpn(body: string): string {
  return checkLetter(body) + body;
}

/** A valid UPN under the fictional local authority 999, different on every call. */
export function freshUpn(): string {
  const serial = `${Date.now()}${Math.floor(Math.random() * 1000)}`.slice(-8).padStart(8, '0');
  return makeUpn(`9997${serial}`);
}

/** The same number with a wrong check letter. */
export function badUpn(upn: string): string {
  const wrong = CHECK_LETTERS[(CHECK_LETTERS.indexOf(upn[0]!) + 1) % 23]!;
  return wrong + upn.slice(1);
}
