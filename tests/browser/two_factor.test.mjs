// Two-factor enrolment and sign-in in a real browser (SPEC §12, §14): the agent
// opens /agent/account/two-factor, sees the QR code, types the code an
// authenticator app would show (computed here, RFC 6238), gets ten recovery
// codes, and from then on signs in with the password and a code.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, startDeskd } from './harness.mjs';

function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of text.replace(/=+$/, '')) {
    value = (value << 5) | alphabet.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

function totp(secret, offsetSteps = 0) {
  const step = Math.floor(Date.now() / 1000 / 30) + offsetSteps;
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const digest = crypto.createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const o = digest[digest.length - 1] & 0x0f;
  return String((digest.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, '0');
}

describe('two-factor sign-in', () => {
  let deskd, browser;

  before(async () => {
    deskd = await startDeskd();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    assert.equal(await deskd?.stop(), 0, 'deskd exits cleanly');
  });

  async function passwordLogin(page) {
    await page.goto(`${deskd.origin}/agent/login`);
    await page.locator('input[name=email]').fill(deskd.accounts.agent.email);
    await page.locator('input[name=password]').fill(deskd.accounts.agent.password);
    await Promise.all([page.waitForNavigation(), page.locator('main form button[type=submit]').first().click()]);
  }

  test('enrolment shows the QR code; later sign-ins ask for a code', async () => {
    assert.equal(totp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ').length, 6);
    const context = await browser.newContext();
    const page = await context.newPage();
    await passwordLogin(page);
    assert.equal(new URL(page.url()).pathname, '/agent/');

    await page.goto(`${deskd.origin}/agent/account/two-factor`);
    const qr = page.locator('figure.qr svg');
    await qr.waitFor({ state: 'visible' });
    const box = await qr.boundingBox();
    assert.ok(box.width >= 100 && box.height >= 100, `QR code drawn at ${box.width}x${box.height}`);
    const uri = await page.locator('code.otpauth').textContent();
    assert.match(uri, /^otpauth:\/\/totp\/deskd%20[^?]+\?secret=[A-Z2-7]+&issuer=/);
    const secret = (await page.locator('code.secret').textContent()).trim();
    assert.equal(new URL(uri.replace('otpauth:', 'http:')).searchParams.get('secret'), secret);

    await page.locator('input[name=code]').fill(totp(secret, -1));
    await Promise.all([page.waitForNavigation(), page.locator('main form button[type=submit]').first().click()]);
    const codes = await page.locator('ol.recovery-codes li code').allTextContents();
    assert.equal(codes.length, 10);

    // Sign out, then in again: the password leads to the code step.
    await Promise.all([page.waitForNavigation(), page.locator('form[action="/agent/logout"] button').click()]);
    await passwordLogin(page);
    assert.equal(new URL(page.url()).pathname, '/agent/login/two-factor');
    await page.locator('input[name=code]').fill(totp(secret, 0));
    await Promise.all([page.waitForNavigation(), page.locator('main form button[type=submit]').first().click()]);
    assert.equal(new URL(page.url()).pathname, '/agent/');
    await context.close();
  });
});
