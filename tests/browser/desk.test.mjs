// The agent desk in two browsers (SPEC §11, issue 15 item 12): two agents, each
// in their own browser context, split the queue by assignment with the bulk
// form; an internal note written on a ticket never reaches the requester's
// page, while the reply written after it does.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  deskdBin, embedPage, eventually, launchBrowser, signInAgent, startDeskd, startGuestChat, startSite,
} from './harness.mjs';

describe('agent desk', () => {
  let deskd, browser, site;
  const second = { email: 'second.agent@demo.deskd.test', password: 'second agent pass phrase 7' };

  before(async () => {
    const pages = {};
    site = await startSite(pages);
    deskd = await startDeskd({ DESKD_MESSENGER_ALLOWED_ORIGINS: site.origin });
    pages['/'] = embedPage(deskd.origin);
    // A second agent, added to the running helpdesk the way an operator would.
    execFileSync(deskdBin, ['user', 'add', '--email', second.email, '--role', 'agent', '--name', 'Second Agent',
      '--password-stdin', '--data', path.join(deskd.dir, 'data')], { input: second.password + '\n' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    assert.equal(await deskd?.stop(), 0, 'deskd exits cleanly');
  });

  const signIn = (account) => signInAgent(browser, deskd, account);

  // A guest sends a request through the contact form; returns its reference and the guest's page.
  async function guestRequest(subject, message) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${deskd.origin}/new-ticket`);
    await page.locator('input[name=name]').fill('Gita Guest');
    await page.locator('input[name=email]').fill(`gita.${Date.now()}@example.com`);
    await page.locator('input[name=subject]').fill(subject);
    await page.locator('textarea[name=message]').fill(message);
    await Promise.all([page.waitForNavigation(), page.locator('main form button[type=submit]').click()]);
    const ref = (await page.locator('.ticket-ref strong').textContent()).trim();
    return { context, page, ref };
  }

  // Ticks `ref` in the Unassigned view and assigns it to the signed-in agent.
  async function takeFromUnassigned(agent, ref) {
    await agent.page.goto(`${deskd.origin}/agent/tickets?view=unassigned`);
    await agent.page.locator(`input[name=ticket][value="${ref}"]`).check();
    await agent.page.locator('select[name=assignee]').selectOption('me');
    await Promise.all([agent.page.waitForNavigation(), agent.page.locator('.desk-bulk-actions button').click()]);
  }

  async function mine(agent) {
    await agent.page.goto(`${deskd.origin}/agent/tickets?view=mine`);
    return agent.page.locator('tr.ticket').evaluateAll((rows) => rows.map((r) => r.dataset.ref));
  }

  test('two agents split the queue by assignment; a note never reaches the requester', async () => {
    const first = await signIn(deskd.accounts.agent);
    const other = await signIn(second);
    const printer = await guestRequest('Printer on fire 7KD', 'Smoke is coming out of tray 2.');
    const invoice = await guestRequest('Invoice missing 3PW', 'I did not get the March invoice.');

    // Both start in the Unassigned view of both agents.
    for (const agent of [first, other]) {
      await agent.page.goto(`${deskd.origin}/agent/tickets?view=unassigned`);
      for (const t of [printer, invoice]) {
        assert.equal(await agent.page.locator(`tr.ticket[data-ref="${t.ref}"]`).count(), 1, `${t.ref} unassigned`);
      }
    }

    await takeFromUnassigned(first, printer.ref);
    await takeFromUnassigned(other, invoice.ref);

    const firstMine = await mine(first);
    const otherMine = await mine(other);
    assert.ok(firstMine.includes(printer.ref) && !firstMine.includes(invoice.ref), `first agent: ${firstMine}`);
    assert.ok(otherMine.includes(invoice.ref) && !otherMine.includes(printer.ref), `second agent: ${otherMine}`);
    await other.page.goto(`${deskd.origin}/agent/tickets?view=unassigned`);
    assert.equal(await other.page.locator(`tr.ticket[data-ref="${printer.ref}"]`).count(), 0);
    // The other agent sees who holds the ticket in All open.
    await other.page.goto(`${deskd.origin}/agent/tickets?view=open`);
    assert.equal((await other.page.locator(`tr.ticket[data-ref="${printer.ref}"] .assignee`).textContent()).trim(),
      'Demo Agent');

    // The first agent leaves an internal note, then replies.
    await first.page.goto(`${deskd.origin}/agent/tickets/${printer.ref}`);
    await first.page.locator('textarea[name=note]').fill('Tray 2 is a known fire hazard, recall 9QX');
    await Promise.all([first.page.waitForNavigation(), first.page.locator('.ticket-note-form button').click()]);
    const note = first.page.locator('.ticket-message.internal-note', { hasText: 'recall 9QX' });
    assert.equal(await note.count(), 1, 'the note is on the agent page, marked internal');
    await first.page.locator('textarea[name=message]').fill('Please unplug the printer right away.');
    await Promise.all([first.page.waitForNavigation(),
      first.page.locator('form[action$="/reply"] button[type=submit]').click()]);

    // The requester's own browser sees the reply and not the note.
    await printer.page.goto(`${deskd.origin}/tickets/${printer.ref}`);
    const thread = await printer.page.locator('.ticket-thread').textContent();
    assert.match(thread, /Please unplug the printer right away\./);
    assert.doesNotMatch(await printer.page.content(), /recall 9QX|internal-note|known fire hazard/);

    // The other agent sees the note too: notes are for the whole team.
    await other.page.goto(`${deskd.origin}/agent/tickets/${printer.ref}`);
    assert.equal(await other.page.locator('.ticket-message.internal-note', { hasText: 'recall 9QX' }).count(), 1);

    for (const c of [first, other, printer, invoice]) await c.context.close();
  });

  test('the demo desk is a working desk: tickets across groups, views with counts', async () => {
    const agent = await signIn(deskd.accounts.agent);
    await agent.page.goto(`${deskd.origin}/agent/tickets?view=all`);
    const groups = await agent.page.locator('tr.ticket .group').allTextContents();
    assert.ok(groups.includes('Billing') && groups.includes('Technical support'), `groups: ${groups}`);
    const priorities = new Set(await agent.page.locator('tr.ticket .priority').allTextContents());
    assert.ok(priorities.size >= 3, `priorities: ${[...priorities]}`);
    const mineCount = Number(await agent.page.locator('a[data-view=mine] .count').textContent());
    assert.ok(mineCount >= 2, `mine: ${mineCount}`);
    await agent.context.close();
  });

  test('canned replies: filled in on a ticket page, and suggested after "/" in a chat', async () => {
    const agent = await signIn(deskd.accounts.agent);
    await agent.page.goto(`${deskd.origin}/agent/canned`);
    const create = agent.page.locator('form[action="/agent/canned"]');
    await create.locator('input[name=title]').fill('Greeting');
    await create.locator('textarea[name=body]').fill('Hi {{requester.name}}, {{agent.name}} here about {{ticket.ref}}.');
    await create.locator('input[name=shared]').check();
    await Promise.all([agent.page.waitForNavigation(), create.locator('button[type=submit]').click()]);

    const request = await guestRequest('Where is my parcel 6TB', 'It was due yesterday.');
    await agent.page.goto(`${deskd.origin}/agent/tickets/${request.ref}`);
    await agent.page.locator('select.canned-insert').selectOption({ label: 'Greeting' });
    assert.equal(await agent.page.locator('#reply-message').inputValue(),
      `Hi Gita Guest, Demo Agent here about ${request.ref}.`);

    // The agent goes online; a guest chats from the customer's site; the agent accepts and types "/gre".
    await agent.page.goto(`${deskd.origin}/agent/chats`);
    await agent.page.locator('#chat-connection.ok').waitFor({ timeout: 10000 });
    const guestContext = await browser.newContext();
    const guest = await guestContext.newPage();
    await startGuestChat(guest, site.origin, 'Gita Guest', 'Hello there');
    const queued = agent.page.locator('#chat-queue li', { hasText: 'Gita Guest' });
    await queued.waitFor({ timeout: 5000 });
    await queued.locator('button').click();
    const reply = agent.page.locator('.chat-pane textarea');
    await reply.waitFor({ timeout: 5000 });
    await reply.fill('/gre');
    await agent.page.locator('.canned-suggest li', { hasText: 'Greeting' }).waitFor({ timeout: 5000 });
    await reply.press('Enter');  // takes the suggestion, sends nothing
    assert.equal(await reply.inputValue(), 'Hi Gita Guest, Demo Agent here about .');
    await reply.press('Enter');  // now sends it
    await guest.locator('#dm-messages li .text', { hasText: 'Hi Gita Guest, Demo Agent here about .' })
      .waitFor({ timeout: 5000 });
    const lines = await guest.locator('#dm-messages li .text').allTextContents();
    assert.ok(!lines.some((l) => l.startsWith('/gre')), `the "/gre" line was never sent: ${lines}`);
    await eventually(async () => (await agent.page.locator('.canned-suggest').count()) === 0, 2000, 'list closed');
    for (const c of [agent, request]) await c.context.close();
    await guestContext.close();
  });
});
