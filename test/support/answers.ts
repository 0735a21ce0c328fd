import { expect } from 'vitest';

/** Reading a GraphQL answer's errors the way a client does: by their codes. */
interface Answer {
  errors?: Array<{ extensions?: Record<string, unknown> }> | null;
}

/** The code of the first error, if any. */
export const codeOf = (response: Answer) => response.errors?.[0]?.extensions?.code;

/** The codes of all the errors, in order. */
export const codesOf = (response: Answer) =>
  response.errors?.map((error) => error.extensions?.code);

/** The answer refuses the argument `argumentName` as the client's mistake (BAD_USER_INPUT). */
export function expectArgumentRefused(response: Answer, argumentName: string): void {
  expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName });
}
