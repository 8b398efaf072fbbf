/** How the CLI prints: JSON for scripts (`--json`), text for people, colours only on a terminal. */
export interface Output {
  readonly json: boolean;
  readonly tty: boolean;
  /** The command's result: as JSON, or as the lines `text` makes of it. */
  result<T>(value: T, text: (value: T) => string[]): void;
  /** A remark for people (stderr), never mixed into JSON. */
  note(line: string): void;
}

export function outputFor(json: boolean, stream: NodeJS.WriteStream = process.stdout): Output {
  const tty = stream.isTTY === true && !json;
  return {
    json,
    tty,
    result: (value, text) => {
      stream.write(
        json
          ? `${JSON.stringify(value, null, 2)}\n`
          : text(value)
              .map((l) => `${l}\n`)
              .join(''),
      );
    },
    note: (line) => {
      if (!json) process.stderr.write(`${line}\n`);
    },
  };
}

const colour = (code: number) => (text: string, on: boolean) =>
  on ? `\u001b[${code}m${text}\u001b[0m` : text;
export const bold = colour(1);
export const dim = colour(2);
export const red = colour(31);
export const green = colour(32);
export const yellow = colour(33);

/** Columns padded to the widest cell. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** `1234567` ms → `20m34s`. */
export function duration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '-';
  const seconds = Math.round(ms / 1_000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

export const ageOf = (at: string | null, now = Date.now()): number | null =>
  at === null ? null : Math.max(0, now - new Date(at).getTime());
