// Issue 15 item 6 in Chromium: agent B works from the ticket list; when the
// requester replies on a ticket assigned to B, B's page shows a toast with a
// link to the ticket, live, without reloading (web/static/agent-notify.js
// over /agent/ws; agent/desk_notifier.h). Agent A, who is not the assignee,
// gets no toast for that reply. The chat console, which holds its own
// socket, shows the same toasts.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { deskdBin, eventually, launchBrowser, signInAgent, startDeskd } from './harness.mjs';

describe('desk notifications', () => {
  let deskd, browser;
  const agentB = { email: 'agent.b@example.test', password: 'agent b pass phrase', name: 'Agent Bee' };

  before(async () => {
    deskd = await startDeskd();
    execFileSync(deskdBin, ['user', 'add', '--email', agentB.email, '--role', 'agent', '--name', agentB.name,
      '--password-stdin', '--data', path.join(deskd.dir, 'data')], { input: `${agentB.password}\n` });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    assert.equal(await deskd?.stop(), 0, 'deskd exits cleanly');
  });

  const signedInAgent = (account) => signInAgent(browser, deskd, account);

  // A requester's ticket, assigned to B by B; returns the requester's page and the ticket's reference.
  async function ticketAssignedToB(requester, b, subject) {
    const rp = await requester.newPage();
    await rp.goto(`${deskd.origin}/new-ticket`);
    await rp.locator('input[name=name]').fill('Rita Requester');
    await rp.locator('input[name=email]').fill('rita@example.test');
    await rp.locator('input[name=subject]').fill(subject);
    await rp.locator('textarea[name=message]').fill('The total is off by ten.');
    await Promise.all([rp.waitForNavigation(), rp.locator('main form button[type=submit]').click()]);
    const ref = /\/tickets\/([A-Z0-9-]+)\/created/.exec(rp.url())[1];
    await b.page.goto(`${deskd.origin}/agent/tickets/${ref}`);
    await b.page.locator('form.ticket-fields select[name=assignee]').selectOption({ label: agentB.name });
    await Promise.all([b.page.waitForNavigation(), b.page.locator('form.ticket-fields button[type=submit]').click()]);
    return { rp, ref };
  }

  async function requesterReplies(rp, ref, text) {
    await rp.goto(`${deskd.origin}/tickets/${ref}`);
    await rp.locator('textarea[name=message]').fill(text);
    await Promise.all([rp.waitForNavigation(), rp.locator('main form button[type=submit]').last().click()]);
  }

  test('the assignee sees a toast when the requester replies', async () => {
    const requester = await browser.newContext();
    const b = await signedInAgent(agentB);
    const { rp, ref } = await ticketAssignedToB(requester, b, 'Invoice is wrong');
    await b.page.goto(`${deskd.origin}/agent/tickets?view=mine`);
    assert.equal(await b.page.locator(`tr[data-ref="${ref}"]`).count(), 1, 'the ticket is in B\'s Mine view');

    const a = await signedInAgent(deskd.accounts.agent);
    await a.page.goto(`${deskd.origin}/agent/tickets`);
    // Both pages hold their socket before the reply is sent.
    await b.page.waitForTimeout(1500);

    await requesterReplies(rp, ref, 'Any update on my invoice?');

    const toast = b.page.locator(`.desk-toast-reply[data-ref="${ref}"]`);
    await eventually(async () => (await toast.count()) === 1, 15000, 'B sees the reply toast');
    assert.match(await toast.locator('.desk-toast-text').textContent(), /Rita Requester.*Invoice is wrong/);
    assert.equal(await toast.locator('a').getAttribute('href'), `/agent/tickets/${ref}`);
    assert.ok(Number(await b.page.locator('.desk-notify-badge').textContent()) >= 1, 'the badge counts it');
    assert.equal(await a.page.locator(`.desk-toast-reply[data-ref="${ref}"]`).count(), 0, 'A is not the assignee');

    await toast.locator('a').click();
    await b.page.waitForURL(`**/agent/tickets/${ref}`);
    assert.match(await b.page.locator('main').textContent(), /Any update on my invoice\?/);
    await requester.close();
    await a.context.close();
    await b.context.close();
  });

  test('the chat console shows the same toasts', async () => {
    const requester = await browser.newContext();
    const b = await signedInAgent(agentB);
    const { rp, ref } = await ticketAssignedToB(requester, b, 'Parcel never arrived');
    await b.page.goto(`${deskd.origin}/agent/chats`);
    await b.page.locator('#chat-connection.ok').waitFor({ timeout: 10000 });  // agent-chat.js holds the socket

    await requesterReplies(rp, ref, 'Still no parcel.');

    const toast = b.page.locator(`.desk-toast-reply[data-ref="${ref}"]`);
    await eventually(async () => (await toast.count()) === 1, 15000, 'B sees the reply toast on the chat console');
    assert.match(await toast.locator('.desk-toast-text').textContent(), /Rita Requester.*Parcel never arrived/);
    assert.equal(await toast.locator('a').getAttribute('href'), `/agent/tickets/${ref}`);
    await requester.close();
    await b.context.close();
  });
});
