// Attachments in a real browser (SPEC §10, §14): a guest picks a file on the Help Center's
// contact form, the ticket is created with it, and an agent downloads it from the ticket page.
// The downloaded bytes must be the uploaded bytes (checked by SHA-256).
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, signInAgent, startDeskd } from './harness.mjs';

const sha256 = (buf) => crypto.createHash('sha256').update(buf).digest('hex');

describe('attachments between the portal and the agent desk', () => {
  let deskd, browser;

  before(async () => {
    deskd = await startDeskd();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    assert.equal(await deskd?.stop(), 0, 'deskd exits cleanly');
  });

  test('a guest uploads a file with a new ticket; the agent downloads the same bytes', async () => {
    // Bytes a text round trip would damage: NUL, CR/LF, invalid UTF-8.
    const bytes = Buffer.concat([Buffer.from('%PDF-1.4\r\n'), crypto.randomBytes(40000), Buffer.from([0, 13, 10, 255])]);
    const name = 'Fehlerbericht ärger "1".pdf';

    const guestContext = await browser.newContext({ locale: 'en-US' });
    const guest = await guestContext.newPage();
    await guest.goto(`${deskd.origin}/new-ticket`);
    await guest.locator('input[name=name]').fill('Gerd Guest');
    await guest.locator('input[name=email]').fill('gerd@example.test');
    const subject = `Printer report ${Date.now()}`;
    await guest.locator('input[name=subject]').fill(subject);
    await guest.locator('textarea[name=message]').fill('The report is attached.');
    await guest.locator('input[type=file][name=attachments]').setInputFiles({ name, mimeType: 'application/pdf', buffer: bytes });
    await Promise.all([guest.waitForURL(/\/tickets\/[2-9A-Z-]{9}\/created$/), guest.locator('form button[type=submit]').click()]);
    const ref = /\/tickets\/([2-9A-Z-]{9})\/created$/.exec(guest.url())[1];

    // The guest's own ticket page lists the file.
    await guest.goto(`${deskd.origin}/tickets/${ref}`);
    const guestLink = guest.locator('a.attachment', { hasText: name });
    assert.equal(await guestLink.count(), 1);
    assert.equal(await guestLink.getAttribute('data-sha256'), sha256(bytes));

    // The agent signs in and downloads it from the ticket page.
    const { context: agentContext, page: agent } = await signInAgent(browser, deskd, deskd.accounts.agent,
      { locale: 'en-US', acceptDownloads: true });
    await agent.goto(`${deskd.origin}/agent/tickets/${ref}`);
    const link = agent.locator('a.attachment', { hasText: name });
    assert.equal(await link.count(), 1);
    const [download] = await Promise.all([agent.waitForEvent('download'), link.click()]);
    // filename* carried the non-ASCII name (the ASCII fallback has '_' for 'ä'); Chromium itself
    // replaces the quotes, which file systems dislike.
    assert.match(download.suggestedFilename(), /^Fehlerbericht ärger .1.\.pdf$/);
    const saved = fs.readFileSync(await download.path());
    assert.equal(saved.length, bytes.length);
    assert.equal(sha256(saved), sha256(bytes));

    // A browser without the agent's session gets nothing.
    const stranger = await browser.newContext();
    const res = await stranger.request.get(`${deskd.origin}${await guestLink.getAttribute('href')}`, { maxRedirects: 0 });
    assert.equal(res.status(), 404);
    await stranger.close();
    await guestContext.close();
    await agentContext.close();
  });
});
