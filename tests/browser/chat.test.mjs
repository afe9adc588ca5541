// Live chat between a guest on a customer's website and an agent in the
// console (SPEC §3, §4; docs/messenger.md): both directions in real time,
// typing indicators, reconnect with resume, the unread badge, history for a returning guest (same
// dp_v cookie), and ending the chat.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  embedPage, eventually, launchBrowser, openWidget, signInAgent, startDeskd, startGuestChat, startSite, waitForLauncher,
} from './harness.mjs';

// The demo agent signed in to the chat console of `deskd`, its socket connected.
async function agentConsole(browser, deskd) {
  const { context, page } = await signInAgent(browser, deskd, deskd.accounts.agent);
  await page.goto(`${deskd.origin}/agent/chats`);
  await page.locator('#chat-connection.ok').waitFor({ timeout: 10000 });
  return { context, page };
}

describe('guest and agent chat', () => {
  let deskd, site, browser;
  const BURST = 20;  // messages a visitor may post a minute: a burst of 20, then one every 3 s

  before(async () => {
    const pages = {};
    site = await startSite(pages);
    deskd = await startDeskd({
      DESKD_MESSENGER_ALLOWED_ORIGINS: site.origin,
      DESKD_LIMITS_CHAT_MESSAGES_PER_VISITOR_PER_MINUTE: String(BURST),
    });
    pages['/'] = embedPage(deskd.origin);
    pages['/no-consent'] = embedPage(deskd.origin, ' data-consent="false"');
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    assert.equal(await deskd?.stop(), 0, 'deskd exits cleanly');
  });

  const guestLine = (page, text) => page.locator('#dm-messages li .text', { hasText: text });
  const agentLine = (page, text) => page.locator('.chat-pane .chat-log li', { hasText: text });

  test('messages flow both ways in real time; a returning guest sees the history', async () => {
    const agent = await agentConsole(browser, deskd);

    // The guest starts a chat from the customer's site.
    const guestContext = await browser.newContext();
    const guest = await guestContext.newPage();
    const sockets = [];
    guest.on('websocket', (ws) => sockets.push(ws.url()));
    await startGuestChat(guest, site.origin, 'Gita Guest', 'Hello, has my order shipped?');
    await guestLine(guest, 'Hello, has my order shipped?').waitFor();
    await eventually(async () => /Waiting/.test(await guest.locator('#dm-status').textContent()), 5000, 'queued status');

    // It appears in the agent's queue in real time; the agent accepts it.
    const queued = agent.page.locator('#chat-queue li', { hasText: 'Gita Guest' });
    await queued.waitFor({ timeout: 5000 });
    await queued.locator('button').click();
    await agentLine(agent.page, 'Hello, has my order shipped?').waitFor({ timeout: 5000 });
    await eventually(async () => /chatting with/i.test(await guest.locator('#dm-status').textContent()), 5000,
      'active status in the widget');

    // Agent -> guest, with the typing indicator first.
    const reply = agent.page.locator('.chat-pane textarea');
    await reply.fill('Yes, it left our warehouse today.');
    await guest.locator('#dm-typing').waitFor({ state: 'visible', timeout: 5000 });
    const sentAt = Date.now();
    await reply.press('Enter');
    await guestLine(guest, 'Yes, it left our warehouse today.').waitFor({ timeout: 5000 });
    console.log(`# agent -> guest delivery seen after ${Date.now() - sentAt} ms`);
    await guest.locator('#dm-typing').waitFor({ state: 'hidden', timeout: 5000 });

    // Guest -> agent, with the typing indicator first.
    await guest.locator('#dm-input').fill('Great, thank you!');
    await eventually(async () => (await agent.page.locator('.chat-pane .chat-typing').textContent()).length > 0, 5000,
      'visitor typing in the console');
    await guest.locator('#dm-input').press('Enter');
    await agentLine(agent.page, 'Great, thank you!').waitFor({ timeout: 5000 });
    await guest.waitForTimeout(300);
    assert.equal(await guestLine(guest, 'Great, thank you!').count(), 1, 'no duplicate after the socket echo');
    assert.equal(await agentLine(agent.page, 'Great, thank you!').count(), 1);

    // A dropped socket: the widget reconnects (backoff) and resumes from the last id it saw.
    assert.equal(sockets.length, 1);
    await guest.evaluate(() => new Promise((closed) => {
      const ws = window.DeskdMessenger.widget.ws;
      ws.addEventListener('close', closed);
      ws.close();
    }));
    assert.equal(await guest.evaluate(() => window.DeskdMessenger.widget.ws), null, 'the message is sent while down');
    await reply.fill('Sent while your socket was down.');
    await reply.press('Enter');
    await guestLine(guest, 'Sent while your socket was down.').waitFor({ timeout: 10000 });
    await eventually(() => sockets.length === 2, 5000, 'a second socket');
    assert.match(sockets[1], /\/messenger\/ws\?visitor=[A-Za-z0-9_-]{32}$/);
    await guest.waitForTimeout(300);
    assert.equal(await guestLine(guest, 'Sent while your socket was down.').count(), 1);

    // The guest closes the browser; the same cookies come back later.
    const state = await guestContext.storageState();
    assert.ok(state.cookies.some((c) => c.name === 'dp_v'), 'the guest has a dp_v cookie');
    await guestContext.close();
    const backContext = await browser.newContext({ storageState: state });
    const back = await backContext.newPage();
    await back.goto(`${site.origin}/`);
    await waitForLauncher(back);

    // The open chat reconnects by itself: an agent message while the widget is closed shows as unread.
    await eventually(async () => (await agent.page.locator('.chat-pane .chat-log li').count()) >= 4, 5000, 'agent log');
    await back.waitForTimeout(500);
    await reply.fill('Welcome back!');
    await reply.press('Enter');
    await back.locator('#dm-badge').waitFor({ state: 'visible', timeout: 5000 });
    assert.equal(await back.locator('#dm-badge').textContent(), '1');

    await openWidget(back);
    for (const line of ['Hello, has my order shipped?', 'Yes, it left our warehouse today.', 'Great, thank you!',
      'Sent while your socket was down.', 'Welcome back!']) {
      await guestLine(back, line).waitFor({ timeout: 5000 });
      assert.equal(await guestLine(back, line).count(), 1, `"${line}" once`);
    }
    assert.equal(await back.locator('#dm-badge').isVisible(), false, 'opening clears the badge');

    // The guest ends the chat; both sides see it ended; the transcript stays in the history.
    await back.locator('#dm-end').click();
    await eventually(async () => /ended/.test(await back.locator('#dm-status').textContent()), 5000, 'ended in widget');
    await agent.page.locator('.chat-pane.ended').waitFor({ timeout: 5000 });
    await back.reload();
    await openWidget(back);
    const past = back.locator('#dm-history details');
    await past.first().waitFor({ timeout: 5000 });
    assert.match(await past.first().textContent(), /Welcome back!/);

    await backContext.close();
    await agent.context.close();
  });

  // SPEC §1.3: without optional cookies a guest chat is tied to the browser
  // session (sessionStorage), so a reload or the next page keeps it; no cookie.
  test('without consent the chat survives a reload in the same browser session and writes no cookie', async () => {
    const agent = await agentConsole(browser, deskd);
    const context = await browser.newContext();
    const guest = await context.newPage();
    await startGuestChat(guest, site.origin, 'Nora No-Consent', 'Is my parcel insured? 4KV', '/no-consent');
    await guestLine(guest, 'Is my parcel insured? 4KV').waitFor();
    await agent.page.locator('#chat-queue li', { hasText: 'Nora No-Consent' }).waitFor({ timeout: 5000 });

    await guest.reload();
    await openWidget(guest);
    await guestLine(guest, 'Is my parcel insured? 4KV').waitFor({ timeout: 5000 });
    await guest.locator('#dm-input').fill('Still here after the reload');
    await guest.locator('#dm-input').press('Enter');
    await eventually(async () => (await agent.page.locator('#chat-queue li', { hasText: 'Nora No-Consent' }).count()) === 1,
      5000, 'one chat in the queue, not a second');
    assert.deepEqual(await context.cookies(), [], 'no cookie, on either origin');

    // Another browser session knows nothing of it.
    const other = await (await browser.newContext()).newPage();
    await other.goto(`${site.origin}/no-consent`);
    await openWidget(other);
    await other.locator('#dm-start').waitFor({ state: 'visible', timeout: 5000 });
    assert.equal(await guestLine(other, 'Is my parcel insured? 4KV').count(), 0);
    await other.context().close();
    await context.close();
    await agent.context.close();
  });

  // A guest who sends faster than limits.chat_messages_per_visitor_per_minute
  // allows (docs/security.md, "Abuse limits") loses nothing: the widget says so,
  // keeps the message and sends it when the server's Retry-After has passed.
  test('the message over the limit waits, is announced, and is delivered later', async () => {
    const agent = await agentConsole(browser, deskd);  // an agent online: the widget offers a chat
    const context = await browser.newContext();
    const guest = await context.newPage();
    const refusals = [];
    guest.on('response', (r) => { if (r.status() === 429) refusals.push(r.headers()['retry-after']); });
    await startGuestChat(guest, site.origin, 'Quick Quinn', 'First!');
    await guestLine(guest, 'First!').waitFor();

    // The burst, through the composer's own send path.
    await guest.evaluate((n) => { for (let i = 0; i < n; ++i) window.DeskdMessenger.widget.send(`burst ${i}`); }, BURST);
    await eventually(async () => (await guest.locator('#dm-messages li.pending').count()) === 0, 10000, 'burst stored');
    await guest.locator('#dm-input').fill('One too many 7QX');
    await guest.locator('#dm-input').press('Enter');
    const held = guest.locator('#dm-messages li', { hasText: 'One too many 7QX' });
    await guest.locator('#dm-error').waitFor({ state: 'visible', timeout: 5000 });
    assert.match(await guest.locator('#dm-error').textContent(), /faster than anyone can read/);
    assert.match(await held.getAttribute('class'), /pending/, 'kept as pending, not failed');
    assert.ok(refusals.length >= 1 && Number(refusals[0]) >= 1 && Number(refusals[0]) <= 3, `Retry-After ${refusals}`);

    await eventually(async () => !/pending|failed/.test(await held.getAttribute('class')), 10000, 'delivered later');
    assert.ok(await held.getAttribute('data-id'), 'the server stored it');
    assert.equal(await guest.locator('#dm-messages li', { hasText: 'One too many 7QX' }).count(), 1, 'once');
    await context.close();
    await agent.context.close();
  });
});

// Issue #9 item 3: a flooded queue costs the console the newest page, not the whole queue.
describe('agent console with a flooded queue', () => {
  let deskd, browser;
  const FLOOD = 55;

  before(async () => {
    deskd = await startDeskd({
      DESKD_LIMITS_VISITOR_IDS_PER_IP_PER_HOUR: '0', DESKD_LIMITS_CHATS_PER_IP_PER_HOUR: '0',
      DESKD_LIMITS_OPEN_CHATS_PER_IP: '0', DESKD_LIMITS_OPEN_CHATS_PER_VISITOR: '0',
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    assert.equal(await deskd?.stop(), 0, 'deskd exits cleanly');
  });

  async function api(path, body, visitor) {
    const headers = { 'Content-Type': 'application/json' };
    if (visitor) headers['X-DP-Visitor'] = visitor;
    const res = await fetch(`${deskd.origin}/messenger/api${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    return res.json();
  }

  test('shows the newest 50, "More waiting" for the rest, and refills after an accept', async () => {
    const { visitor } = await api('/visitor', {});
    for (let i = 0; i < FLOOD; ++i) await api('/chats', { name: `Flood ${i}`, message: `flood ${i}` }, visitor);

    const { context, page } = await agentConsole(browser, deskd);

    const rows = page.locator('#chat-queue li');
    await eventually(async () => (await rows.count()) === 50, 5000, '50 queued chats listed');
    assert.equal(await page.locator('#chat-queue-count').textContent(), String(FLOOD));
    assert.equal(await page.locator('#chat-queue-more').textContent(), 'More waiting: 5');
    assert.match(await rows.last().textContent(), new RegExp(`Flood ${FLOOD - 1}`), 'the newest chat is listed');
    const who = (name) => page.locator('#chat-queue li .who', { hasText: new RegExp(`^${name}$`) });
    assert.equal(await who('Flood 4').count(), 0, 'the oldest five are not');
    assert.equal(await who('Flood 5').count(), 1);

    // Accepting one thins the page; the console asks for it again and the list is full once more.
    const newest = page.locator('.who', { hasText: new RegExp(`^Flood ${FLOOD - 1}$`) });
    await page.locator('#chat-queue li', { has: newest }).locator('button').click();
    await page.locator('.chat-pane', { hasText: `Flood ${FLOOD - 1}` }).waitFor({ timeout: 5000 });
    await eventually(async () => (await page.locator('#chat-queue-count').textContent()) === String(FLOOD - 1), 5000,
      'total after accept');
    await eventually(async () => (await rows.count()) === 50, 5000, 'page refilled');
    assert.equal(await page.locator('#chat-queue-more').textContent(), 'More waiting: 4');

    // A new chat arrives live: listed, counted, and the page stays at 50.
    await api('/chats', { name: 'Late Larry', message: 'late' }, visitor);
    await page.locator('#chat-queue li', { hasText: 'Late Larry' }).waitFor({ timeout: 5000 });
    assert.equal(await page.locator('#chat-queue-count').textContent(), String(FLOOD));
    assert.equal(await rows.count(), 50);
    assert.equal(await page.locator('#chat-queue-more').textContent(), 'More waiting: 5');
    await context.close();
  });
});
