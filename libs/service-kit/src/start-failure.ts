import type { LoggerService } from '@nestjs/common';
import { EventStoreUnreachableError } from '@studio/event-store';
import { DependencyRefusedError } from './dependency-wait';
import { DocumentStoreUnreachableError } from './documents/read-model-store';
import { SettingsError } from './settings';

/**
 * Tells why a start failed. What a person can fix (a bad setting, a port taken) is said in plain lines on
 * stderr, without a stack; anything else is a bug or an outage, logged with its stack.
 */
export function reportStartFailure(log: LoggerService, error: unknown): void {
  if (
    error instanceof SettingsError ||
    error instanceof EventStoreUnreachableError ||
    error instanceof DocumentStoreUnreachableError ||
    error instanceof DependencyRefusedError
  ) {
    process.stderr.write(`${error.message}\n`);
    return;
  }
  const listen = listenFailure(error);
  if (listen !== undefined) {
    process.stderr.write(`${listen}\n`);
    return;
  }
  log.error(`failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
}

function listenFailure(error: unknown): string | undefined {
  if (!(error instanceof Error) || !('syscall' in error) || error.syscall !== 'listen') return undefined;
  const { code, address, port } = error as NodeJS.ErrnoException & { address?: string; port?: number };
  const where = `${address ?? ''}:${String(port ?? '')}`;
  if (code === 'EADDRINUSE')
    return `cannot listen on ${where}: the port is in use (another server, or an earlier start still running); stop it or set PORT to a free port`;
  if (code === 'EACCES')
    return `cannot listen on ${where}: not allowed (ports below 1024 need privileges); set PORT to 1024 or above`;
  return undefined;
}
