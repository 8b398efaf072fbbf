import type { LoggerService } from '@nestjs/common';
import { currentCorrelationId } from '@studio/messaging';
import { closeSync, openSync, writeSync } from 'node:fs';

type Level = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
/** Nest's start-up lines (every route, every module): useful when debugging, noise otherwise. */
const FRAMEWORK_CHATTER = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestApplication',
  'NestMicroservice',
]);

/**
 * One JSON object a line, with the service and the correlation id of the work in hand. A message may be an
 * object of fields (`{msg, method, status}`), merged into the line. Lines go to stdout, or to the file
 * LOG_FILE names (the tests keep the logs of the services they run there).
 */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly service: string,
    private readonly level: Level = 'info',
    private readonly write: (line: string) => void = defaultSink(),
  ) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.emit('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.emit('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }

  private emit(requested: Level, message: unknown, rest: unknown[]): void {
    // Nest passes the context (the class name) last.
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const level =
      requested === 'info' && context !== undefined && FRAMEWORK_CHATTER.has(context) ? 'debug' : requested;
    if (RANK[level] < RANK[this.level]) return;
    const fields = isFields(message)
      ? message
      : { msg: message instanceof Error ? message.message : message };
    const line: Record<string, unknown> = {
      time: new Date().toISOString(),
      level,
      service: this.service,
      correlationId: currentCorrelationId(),
      context,
      ...fields,
    };
    // Nest passes an absent stack as undefined: say nothing rather than "undefined".
    const detail = rest.filter((part) => part !== undefined && part !== null && part !== '').map(describe);
    if (detail.length > 0) line.detail = detail.join(' ');
    this.write(JSON.stringify(line));
  }
}

const isFields = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Error);

const describe = (part: unknown): string =>
  part instanceof Error
    ? (part.stack ?? part.message)
    : typeof part === 'string'
      ? part
      : JSON.stringify(part);

const files = new Map<string, number>();

/** stdout, or the file LOG_FILE names (appended to, shared by every logger of the process). */
function defaultSink(): (line: string) => void {
  const file = process.env.LOG_FILE;
  if (file === undefined || file === '') return (line) => process.stdout.write(`${line}\n`);
  return (line) => {
    let fd = files.get(file);
    if (fd === undefined) {
      fd = openSync(file, 'a');
      files.set(file, fd);
      process.once('exit', () => closeSync(fd!));
    }
    writeSync(fd, `${line}\n`);
  };
}
