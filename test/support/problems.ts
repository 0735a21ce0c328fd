import { InvalidInputError, type InputProblem } from '@cityhub/kit';

/** The problems a refused input was reported with (InvalidInputError); fails when it was not refused so. */
export async function problemsOf(run: () => unknown): Promise<InputProblem[]> {
  try {
    await run();
  } catch (error) {
    if (error instanceof InvalidInputError) return error.problems;
    throw error;
  }
  throw new Error('the input was accepted, not refused');
}
