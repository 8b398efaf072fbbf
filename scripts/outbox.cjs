#!/usr/bin/env node
// `npm run -s outbox`: the emails of the embedded mode's outbox (DATA_DIR/outbox), oldest first, one line each:
// recipient, subject and the link they carry. The walkthrough in README uses it to open the newest link.
const fs = require('node:fs');
const path = require('node:path');
const { simpleParser } = require('mailparser');

const dir = path.join(process.env.DATA_DIR ?? '.data', 'outbox');
const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.eml')) : [];
const byTime = files
  .map((f) => ({ file: path.join(dir, f), at: fs.statSync(path.join(dir, f)).mtimeMs }))
  .sort((a, b) => a.at - b.at);

(async () => {
  for (const { file } of byTime) {
    const mail = await simpleParser(fs.readFileSync(file));
    const link =
      /https?:\/\/\S+\/(invitations|password-resets)\/[A-Za-z0-9_-]+/.exec(mail.text ?? '')?.[0] ?? '-';
    console.log(`${mail.to?.text ?? ''}\t${mail.subject ?? ''}\t${link}`);
  }
})();
