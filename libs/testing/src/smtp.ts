import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

export interface TestSmtpOptions {
  /** The port to listen on; 0 (the default) takes a free one. */
  readonly port?: number;
  /** A certificate to offer STARTTLS with; without one, STARTTLS is not offered. */
  readonly tls?: { readonly key: string; readonly cert: string };
  /**
   * Each message as it arrives; the sender gets its 250 once the promise settles and the message is read to its
   * end (a rejection answers an error).
   */
  readonly onMessage: (message: Readable, session: SMTPServerSession) => void | Promise<void>;
}

export interface TestSmtp {
  readonly port: number;
  readonly url: URL;
  close(): Promise<void>;
}

/** A real SMTP server on the loopback interface, as the tests need it: no authentication, quiet, quick to close. */
export async function startTestSmtp(options: TestSmtpOptions): Promise<TestSmtp> {
  const server = new SMTPServer({
    // Closing waits for senders to hang up, 30 s by default: a pooled sender's idle connection never does.
    closeTimeout: 500,
    authOptional: true,
    logger: false,
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : { disabledCommands: ['STARTTLS'] }),
    // smtp-server answers once the message has been read to its end, draining what the handler left unread.
    onData(stream, session, callback) {
      Promise.resolve()
        .then(() => options.onMessage(stream, session))
        .then(
          () => callback(),
          (error: Error) => callback(error),
        );
    },
  });
  // A sender killed mid-session (the fault suites kill -9 notification) resets its connection: not our failure.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    url: new URL(`smtp://127.0.0.1:${port}`),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
