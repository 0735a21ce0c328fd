import { createHmac, randomBytes } from 'node:crypto';
import { BadUserInputError } from '@cityhub/kit';

/** Crockford's base32: no I, L, O or U, so a code read aloud or typed from paper survives. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 10;
const SHAPE = new RegExp(`^[${ALPHABET}]{${CODE_LENGTH}}$`);

function encode(bytes: Buffer): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += ALPHABET[bytes[i]! & 31];
  return code;
}

/** A filing or staff code: 50 random bits, so that codes cannot be guessed from one another. */
export function randomCode(): string {
  return encode(randomBytes(CODE_LENGTH));
}

/** A code for generated demo data: deterministic, but unguessable without the hub's key. */
export function seededCode(key: string, label: string): string {
  return encode(createHmac('sha256', key).update(label).digest());
}

/** Accepts a code as people type it: any case, with spaces or dashes, O for 0 and I or L for 1. */
export function normaliseCode(argument: string, value: string): string {
  const code = value.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (!SHAPE.test(code))
    throw new BadUserInputError(argument, `a code is ${CODE_LENGTH} letters and digits`);
  return code;
}
