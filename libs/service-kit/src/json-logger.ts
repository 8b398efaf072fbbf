import type { LoggerService } from '@nestjs/common';
import { currentCorrelationId } from '@studio/messaging';

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

/** One JSON object a line, with the service and the correlation id of the work in hand. */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly service: string,
    private readonly level: Level = 'info',
    private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
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
    const line: Record<string, unknown> = {
      time: new Date().toISOString(),
      level,
      service: this.service,
      correlationId: currentCorrelationId(),
      context,
      msg: message instanceof Error ? message.message : message,
    };
    if (rest.length > 0) line.detail = rest.map(String).join(' ');
    this.write(JSON.stringify(line));
  }
}
