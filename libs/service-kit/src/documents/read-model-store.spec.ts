import { createServer, type Server } from 'node:net';
import { connectMongo, DocumentStoreUnreachableError } from './read-model-store';

describe('opening MongoDB for the read models', () => {
  let closed: Server;
  let port: number;

  beforeAll(async () => {
    // A port that was free a moment ago and is closed now: nothing answers there.
    closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
  });

  it('fails in one line naming the hosts, never the password, when nothing answers', async () => {
    const failure = connectMongo(`mongodb://reader:s3cret@127.0.0.1:${port}/studio`, 'studio_projector', 300);
    await expect(failure).rejects.toBeInstanceOf(DocumentStoreUnreachableError);
    await expect(failure).rejects.toThrow(
      new RegExp(
        `^cannot use MongoDB at 127\\.0\\.0\\.1:${port} \\(.*\\); check DOCUMENTS_URL and that the server is up$`,
      ),
    );
    await expect(failure).rejects.not.toThrow(/s3cret/);
  });
});
