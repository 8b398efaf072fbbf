import { type PGlite, parse, protocol } from '@electric-sql/pglite';

/** A statement PGlite has parsed and planned once, under a name, and the types of its parameters. */
interface Prepared {
  readonly name: string;
  readonly types: readonly number[];
}

const { serialize } = protocol;
const PORTAL = serialize.describe({ type: 'P' });
const EXECUTE = serialize.execute({});
const SYNC = serialize.sync();
/** SQLSTATEs of a prepared statement that no longer fits: its result changed shape, or it is gone. */
const STALE = new Set(['0A000', '26000']);
/** The protocol's unnamed statement: each Parse of it replaces the last. */
const UNNAMED = '';
/** Names are unique in the process, so two of these on one instance never take each other's. */
let made = 0;

/**
 * Runs statements on PGlite as prepared statements, one per text and schema, kept until the instance lets them
 * go (past `capacity`, the oldest; after an analysis, all). PGlite's own `query` parses, describes and plans
 * every statement anew, in six trips into the wasm: a small statement costs 3–4 times what running a prepared
 * one does, and the embedded system spends most of its time in them. Named per schema, so a plan is never made
 * under another schema's search path. Values are serialized and rows parsed as PGlite's `query` does.
 */
export class PgliteStatements {
  /** By schema, then text: a statement's text is most often one constant string, whose hash V8 keeps. */
  private readonly prepared = new Map<string, Map<string, Prepared>>();
  private size = 0;

  constructor(
    private readonly pglite: PGlite,
    private readonly capacity = 256,
  ) {}

  /** `inTransaction`: the commit writes the files, not each statement. */
  async run<R>(
    schema: string,
    text: string,
    params: readonly unknown[],
    inTransaction: boolean,
  ): Promise<R[]> {
    try {
      return await this.execute<R>(await this.prepare(schema, text), params, inTransaction);
    } catch (error) {
      // A migration changed what the statement reads: plan it again, where nothing else was undone by it.
      if (inTransaction || !STALE.has((error as { code?: unknown }).code as string)) throw error;
      this.forget(schema, text);
      return this.execute<R>(await this.prepare(schema, text), params, inTransaction);
    }
  }

  /**
   * Runs `text` as the unnamed statement, which PostgreSQL plans with these values and keeps no plan of: two
   * trips (parse and describe, for the parameters' types; then bind and execute) instead of one.
   */
  async runOnce<R>(text: string, params: readonly unknown[], inTransaction: boolean): Promise<R[]> {
    return this.execute<R>(await this.parsed(UNNAMED, text), params, inTransaction);
  }

  private async execute<R>(
    statement: Prepared,
    params: readonly unknown[],
    inTransaction: boolean,
  ): Promise<R[]> {
    const values = params.map((value, i) => this.serialized(value, statement.types[i]));
    const { messages } = await this.pglite.execProtocol(
      concat([serialize.bind({ statement: statement.name, values }), PORTAL, EXECUTE, SYNC]),
      { syncToFs: !inTransaction },
    );
    return (parse.parseResults(messages, this.pglite.parsers)[0]?.rows ?? []) as R[];
  }

  private async prepare(schema: string, text: string): Promise<Prepared> {
    let ofSchema = this.prepared.get(schema);
    const known = ofSchema?.get(text);
    if (known !== undefined) return known;
    if (ofSchema === undefined) this.prepared.set(schema, (ofSchema = new Map<string, Prepared>()));
    // Past capacity, the schema's oldest goes (first made, first let go: the hot ones are made again at once).
    const [evicted] = this.size >= this.capacity ? ofSchema : [];
    if (evicted !== undefined) this.forget(schema, evicted[0]);
    const statement = await this.parsed(`s${++made}`, text, evicted === undefined ? [] : [evicted[1].name]);
    ofSchema.set(text, statement);
    this.size++;
    return statement;
  }

  /** Parses `text` as statement `name` and learns its parameters' types, in one trip with closing `closed`. */
  private async parsed(name: string, text: string, closed: readonly string[] = []): Promise<Prepared> {
    const { messages } = await this.pglite.execProtocol(
      concat([
        ...closing(closed),
        serialize.parse({ name, text }),
        serialize.describe({ type: 'S', name }),
        SYNC,
      ]),
      { syncToFs: false },
    );
    return { name, types: parse.parseDescribeStatementResults(messages) };
  }

  /**
   * Lets go of every statement this instance prepared, to be prepared again when next run. After its tables
   * were analyzed, a statement would go on weighing its plans against the custom plans it made while they were
   * small, which look cheaper, and could plan every run anew.
   */
  async forgetAll(): Promise<void> {
    const names = [...this.prepared.values()].flatMap((ofSchema) =>
      [...ofSchema.values()].map((s) => s.name),
    );
    this.prepared.clear();
    this.size = 0;
    if (names.length === 0) return;
    await this.pglite.execProtocol(concat([...closing(names), SYNC]), { syncToFs: false });
  }

  private forget(schema: string, text: string): void {
    if (this.prepared.get(schema)?.delete(text) === true) this.size--;
  }

  private serialized(value: unknown, type: number | undefined): string | null {
    if (value === null || value === undefined) return null;
    const serializer = type === undefined ? undefined : this.pglite.serializers[type];
    if (serializer) return serializer(value);
    // As PGlite's own query does for a type it has no serializer for; an object goes as JSON, not "[object Object]".
    return typeof value === 'object'
      ? JSON.stringify(value)
      : `${value as string | number | boolean | bigint}`;
  }
}

/** The messages that close these prepared statements. */
const closing = (names: readonly string[]): Uint8Array[] =>
  names.map((name) => serialize.close({ type: 'S', name }));

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const whole = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    whole.set(part, offset);
    offset += part.length;
  }
  return whole;
}
