/** Resident identity number (居民身份证号码), GB 11643-1999: 6-digit address code, birth date, sequence, check. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';
const SHAPE = /^\d{17}[\dX]$/;

export function residentIdCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK_CHARACTERS[sum % 11]!;
}

export interface ResidentIdParts {
  addressCode: string;
  birthDate: string;
  sequence: string;
  gender: 'MALE' | 'FEMALE';
}

/** Returns why the value is not a valid resident ID number, or null when it is. */
export function residentIdProblem(value: string): string | null {
  const id = value.toUpperCase();
  if (id.length !== 18) return 'must be 18 characters';
  if (!SHAPE.test(id)) return 'must be 17 digits followed by a digit or X';
  if (!isRealDate(id.slice(6, 14))) return 'contains an impossible birth date';
  if (residentIdCheckCharacter(id.slice(0, 17)) !== id[17]) return 'has a wrong check character';
  return null;
}

export function isValidResidentId(value: string): boolean {
  return residentIdProblem(value) === null;
}

export function parseResidentId(value: string): ResidentIdParts {
  const id = value.toUpperCase();
  const digits = id.slice(6, 14);
  return {
    addressCode: id.slice(0, 6),
    birthDate: `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`,
    sequence: id.slice(14, 17),
    gender: Number(id[16]) % 2 === 1 ? 'MALE' : 'FEMALE',
  };
}

/** Builds a valid ID number; birthDate as YYYY-MM-DD, sequence 0–999 (odd for men). */
export function makeResidentId(addressCode: string, birthDate: string, sequence: number): string {
  const first17 = `${addressCode}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return first17 + residentIdCheckCharacter(first17);
}

/** YYYYMMDD between 1900-01-01 and today that exists on the calendar. */
function isRealDate(yyyymmdd: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return false;
  return date.getTime() <= Date.now();
}
