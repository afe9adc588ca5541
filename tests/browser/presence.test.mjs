// Issue 15 item 7 in Chromium: two agents in two browser contexts open the
// same ticket; each sees the other on the page, live, and sees when the other
// types a reply (web/static/ticket-presence.js over /agent/ws).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { deskdBin, eventually, launchBrowser, signInAgent, startDeskd } from './harness.mjs';

describe('ticket presence', () => {
  let deskd, browser;
  const second = { email: 'second.agent@example.test', password: 'second agent pass phrase', name: 'Second Agent' };

  before(async () => {
    deskd = await startDeskd();
    execFileSync(deskdBin, ['user', 'add', '--email', second.email, '--role', 'agent', '--name', second.name,
      '--password-stdin', '--data', path.join(deskd.dir, 'data')], { input: `${second.password}\n` });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    assert.equal(await deskd?.stop(), 0, 'deskd exits cleanly');
  });

  const signedInAgent = (account) => signInAgent(browser, deskd, account);

  async function newTicket() {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${deskd.origin}/new-ticket`);
    await page.locator('input[name=name]').fill('Pia Requester');
    await page.locator('input[name=email]').fill('pia@example.test');
    await page.locator('input[name=subject]').fill('Two agents, one ticket');
    await page.locator('textarea[name=message]').fill('Who is answering me?');
    await Promise.all([page.waitForNavigation(), page.locator('main form button[type=submit]').click()]);
    const ref = /\/tickets\/([A-Z0-9-]+)\/created/.exec(page.url())[1];
    await context.close();
    return ref;
  }

  test('each agent sees the other viewing and typing on the ticket', async () => {
    const ref = await newTicket();
    const one = await signedInAgent(deskd.accounts.agent);
    const two = await signedInAgent(second);
    await one.page.goto(`${deskd.origin}/agent/tickets/${ref}`);
    await two.page.goto(`${deskd.origin}/agent/tickets/${ref}`);

    const viewing = (p) => p.locator('#presence-viewing');
    await eventually(async () => (await viewing(one.page).textContent()).includes(second.name), 10000,
      'agent one sees agent two');
    await eventually(async () => !(await viewing(two.page).isHidden()) &&
      (await viewing(two.page).textContent()).length > 0, 10000, 'agent two sees agent one');
    assert.ok(!(await viewing(two.page).textContent()).includes(second.name), 'nobody is listed as their own viewer');

    await two.page.locator('#reply-form textarea[name=message]').fill('Working on it');
    await eventually(async () => (await one.page.locator('#presence-typing').textContent()).includes(second.name),
      10000, 'agent one sees agent two typing');

    await two.context.close();
    await eventually(async () => await viewing(one.page).isHidden(), 10000, 'agent two left');
    await one.context.close();
  });
});
