/** A failure as one line for a log: an Error's message, a problem that crossed the bus as its JSON. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'object' && error !== null ? JSON.stringify(error) : String(error);
}
