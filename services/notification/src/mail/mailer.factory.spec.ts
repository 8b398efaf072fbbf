import { FileMailer, fileNameFor } from './file.mailer';
import { createMailer } from './mailer.factory';
import { SmtpMailer } from './smtp.mailer';

describe('mailer selection', () => {
  it('picks the adapter MAIL_URL names, and the file outbox under DATA_DIR without one', () => {
    const smtp = createMailer({ mailUrl: 'smtp://127.0.0.1:1025', dataDir: '.data' });
    const file = createMailer({ mailUrl: 'file:///tmp/outbox', dataDir: '.data' });
    const embedded = createMailer({ mailUrl: undefined, dataDir: '/tmp/studio-data' });
    expect(smtp).toBeInstanceOf(SmtpMailer);
    expect(file).toBeInstanceOf(FileMailer);
    expect(embedded).toBeInstanceOf(FileMailer);
    for (const mailer of [smtp, file, embedded]) mailer.close();
  });

  it('logs links only when told to (the embedded mode, for its own outbox), never by default', () => {
    const file = createMailer({ mailUrl: 'file:///tmp/outbox', dataDir: '.data' });
    const unset = createMailer({ mailUrl: undefined, dataDir: '.data' });
    const embedded = createMailer({ mailUrl: 'file:///tmp/outbox', dataDir: '.data', logLinks: true });
    const smtp = createMailer({ mailUrl: 'smtp://127.0.0.1:1025', dataDir: '.data', logLinks: true });
    expect([file.printsLinks, unset.printsLinks, embedded.printsLinks, smtp.printsLinks]).toEqual([
      false,
      false,
      true,
      false,
    ]);
    for (const mailer of [file, unset, embedded, smtp]) mailer.close();
  });

  it('names files after the key, with nothing that could leave the directory', () => {
    expect(fileNameFor('invitation:inv-1')).toBe('invitation_inv-1');
    expect(fileNameFor('../../etc/passwd')).toBe('______etc_passwd');
    expect(fileNameFor('a/b\\c d')).toBe('a_b_c_d');
  });
});
