/** Errors that carry what to fix; every front door prints `message` and, when present, `fix`. */
export class AlphaError extends Error {
  constructor(
    message: string,
    readonly fix?: string,
  ) {
    super(message);
    this.name = 'AlphaError';
  }
}

/** One way to turn anything thrown into a line a user can act on. */
export function describeError(error: unknown): string {
  if (error instanceof AlphaError) return error.fix ? `${error.message}\n  fix: ${error.fix}` : error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Adds context at a boundary: "could not read x.json.gz: unexpected end of file". */
export function withContext(context: string, error: unknown): AlphaError {
  const inner = error instanceof Error ? error.message : String(error);
  return new AlphaError(`${context}: ${inner}`, error instanceof AlphaError ? error.fix : undefined);
}
