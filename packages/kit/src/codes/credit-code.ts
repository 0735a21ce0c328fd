/** Unified social credit code (统一社会信用代码), GB 32100-2015. */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = Array.from({ length: 17 }, (_, i) => 3 ** i % 31);
const SHAPE = /^[0-9ABCDEFGHJKLMNPQRTUWXY]{18}$/;

export function creditCodeCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i]!) * WEIGHTS[i]!;
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** Returns why the value is not a valid credit code, or null when it is. */
export function creditCodeProblem(value: string): string | null {
  const code = value.toUpperCase();
  if (code.length !== 18) return 'must be 18 characters';
  if (!SHAPE.test(code)) return 'may only use digits and the letters ABCDEFGHJKLMNPQRTUWXY';
  if (!/^\d{6}$/.test(code.slice(2, 8)))
    return 'must carry a 6-digit division code in positions 3–8';
  if (creditCodeCheckCharacter(code.slice(0, 17)) !== code[17])
    return 'has a wrong check character';
  return null;
}

export function isValidCreditCode(value: string): boolean {
  return creditCodeProblem(value) === null;
}

/** Builds a valid credit code from the 17 characters before the check character. */
export function makeCreditCode(first17: string): string {
  return first17 + creditCodeCheckCharacter(first17);
}

export const CREDIT_CODE_ALPHABET = ALPHABET;
