import { ApiProblem } from '@studio/api-client';

/** The refusal a call ends in (an `ApiProblem`); fails the test if it succeeds or fails otherwise. */
export async function refusal(call: Promise<unknown>): Promise<ApiProblem> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ApiProblem) return error;
    throw error;
  }
  throw new Error('expected the API to refuse');
}

/** The problem's status and code, for `toEqual`. */
export async function refusedWith(call: Promise<unknown>): Promise<{ status: number; code: string }> {
  const { status, code } = await refusal(call);
  return { status, code };
}
