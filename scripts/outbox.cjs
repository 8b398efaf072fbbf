#!/usr/bin/env node
// `npm run -s outbox`: the emails of the embedded mode's outbox, oldest first, one line each: recipient, subject
// and the link they carry. The folder is MAIL_URL's when it is `file://…`, else DATA_DIR/outbox, as `npm start`
// writes them; run it with the same DATA_DIR (or MAIL_URL) as `npm start`. The README's walkthrough uses it.
const fs = require('node:fs');
const path = require('node:path');
const { simpleParser } = require('mailparser');

const mailUrl = process.env.MAIL_URL ?? '';
const dir = mailUrl.startsWith('file://')
  ? mailUrl.slice('file://'.length)
  : path.join(process.env.DATA_DIR || '.data', 'outbox');
const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.eml')) : [];
if (files.length === 0) {
  // Said on stderr, so `npm run -s outbox | grep …` still reads only emails.
  console.error(`no emails in ${path.resolve(dir)} (set DATA_DIR or MAIL_URL as for npm start)`);
}
const byTime = files
  .map((f) => ({ file: path.join(dir, f), at: fs.statSync(path.join(dir, f)).mtimeMs }))
  .sort((a, b) => a.at - b.at);

(async () => {
  for (const { file } of byTime) {
    const mail = await simpleParser(fs.readFileSync(file));
    const link =
      /https?:\/\/\S+\/(invitations|password-resets|email-verifications)\/[A-Za-z0-9_-]+/.exec(
        mail.text ?? '',
      )?.[0] ?? '-';
    console.log(`${mail.to?.text ?? ''}\t${mail.subject ?? ''}\t${link}`);
  }
})();
