import { ProtocolHandler } from '@nats-io/nats-core/internal';

/** The parts of nats-core's protocol handler (3.4, pinned in package.json) that the coalescing uses. */
interface Protocol {
  readonly outbound: { length(): number; size(): number; fill(...buffers: Uint8Array[]): void };
  readonly pendingLimit: number;
  flushPending(): void;
}
type SendCommand = (this: Protocol, command: string | Uint8Array, ...payloads: Uint8Array[]) => void;
interface ProtocolPrototype {
  sendCommand?: SendCommand;
  flushPending?: unknown;
}

const encoder = new TextEncoder();
let installed = false;

/**
 * One socket write per turn of the event loop, not one per answer. The NATS client writes what it has queued at
 * the next microtask, so a service answering many requests, each after its own database reply (a callback of
 * its own), wrote once per answer, and each write woke the NATS server and then the receiver. On these machines
 * kernel entries and wake-ups are dear: socket writes were 35-50 % of a busy service's profile. Here the write
 * waits for the end of the turn (`setImmediate`), so what every callback of one turn queued goes out together,
 * in order; a full buffer is still written at once, as before. Installed once per process, for every
 * connection (`natsConnectOptions` calls it). A nats-core whose handler no longer has these methods is left as
 * it is (and nats-write-coalescing.int-spec.ts fails, so an upgrade does not lose this unnoticed).
 */
export function coalesceNatsWrites(): void {
  if (installed) return;
  installed = true;
  const prototype = ProtocolHandler.prototype as unknown as ProtocolPrototype;
  if (typeof prototype.sendCommand !== 'function' || typeof prototype.flushPending !== 'function') return;
  prototype.sendCommand = function sendCommand(command, ...payloads) {
    const wasEmpty = this.outbound.length() === 0;
    this.outbound.fill(typeof command === 'string' ? encoder.encode(command) : command, ...payloads);
    if (wasEmpty) setImmediate(() => this.flushPending());
    else if (this.outbound.size() >= this.pendingLimit) this.flushPending();
  };
}
