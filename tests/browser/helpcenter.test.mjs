// The Help Center in a real browser (issue 4; SPEC §1.4, §1.6, §2): a visitor switches the
// language with the language menu, opens an article, votes, comments, searches, and the cookie
// jar holds only registry cookies and no session of an account.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cookieMap, launchBrowser, startDeskd } from './harness.mjs';

// SPEC §1: every name deskd or its Messenger may set.
const REGISTRY = new Set([
  'dpsid-portal', 'dpsid-agent', 'dpsid-admin', 'dpreme', 'dp_last_lang', '_dp_csrf_token', 'dp_v',
  'dpdefaultloader_assets_url', 'dpdefaultloader_time', 'dp_consent',
]);
const VISITOR_MAX_AGE = 34214400; // 396 days
const now = () => Math.floor(Date.now() / 1000);
const count = async (locator) => Number((await locator.textContent()).replace(/\D/g, ''));

describe('Help Center as a visitor', () => {
  let deskd, browser;

  before(async () => {
    deskd = await startDeskd();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    assert.equal(await deskd?.stop(), 0, 'deskd exits cleanly');
  });

  test('switch to Dansk, vote, comment, search; only registry cookies and no login', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));

    // An English first visit.
    const first = await page.goto(`${deskd.origin}/`);
    assert.equal(first.status(), 200);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal((await page.locator('header nav a[href="/kb"]').first().textContent()).trim(), 'Knowledge base');

    // The language menu: Dansk.
    const languages = page.locator('nav.languages');
    await Promise.all([page.waitForURL(`${deskd.origin}/`), languages.locator('a[hreflang="da"]').click()]);
    assert.equal(await page.getAttribute('html', 'lang'), 'da');
    assert.equal((await page.locator('header nav a[href="/kb"]').first().textContent()).trim(), 'Vidensbase');
    assert.equal(await languages.locator('a[aria-current="true"]').getAttribute('hreflang'), 'da');
    let jar = await cookieMap(context, deskd.origin);
    assert.ok(jar.dp_last_lang, 'dp_last_lang is set');
    assert.equal(jar.dp_last_lang.value, 'da');
    assert.equal(jar.dp_last_lang.httpOnly, true);
    assert.equal(jar.dp_last_lang.sameSite, 'Lax');
    assert.equal(jar.dp_last_lang.path, '/');
    assert.equal(jar.dp_last_lang.expires, -1, 'dp_last_lang is a session cookie');

    // An article, in Danish.
    const link = page.locator('main a[href*="/kb/articles/"]').first();
    await Promise.all([page.waitForURL(/\/kb\/articles\/\d+-/), link.click()]);
    assert.equal(await page.getAttribute('html', 'lang'), 'da');
    const articleUrl = page.url();
    const title = (await page.locator('main h1').first().textContent()).trim();
    assert.ok(title.length > 0);
    assert.match(await page.locator('#comments-heading').textContent(), /^Kommentar(er)? \(\d+\)$/);

    // Vote "up": the count moves and the button is pressed.
    const up = page.locator('#votes span[data-vote="up"]');
    const before = await count(up);
    await Promise.all([page.waitForURL(/#votes$/), page.locator('#votes button[value="up"]').click()]);
    await page.waitForLoadState('load');
    assert.equal(await count(page.locator('#votes span[data-vote="up"]')), before + 1);
    assert.equal(await page.locator('#votes button[value="up"]').getAttribute('aria-pressed'), 'true');
    jar = await cookieMap(context, deskd.origin);
    assert.ok(jar.dp_v, 'dp_v is set');
    assert.match(jar.dp_v.value, /^[A-Za-z0-9_-]{32}$/);
    assert.equal(jar.dp_v.httpOnly, true);
    assert.equal(jar.dp_v.sameSite, 'Lax');
    assert.ok(Math.abs(jar.dp_v.expires - (now() + VISITOR_MAX_AGE)) <= 120, 'dp_v lives 396 days');

    // A comment: pending, shown to this visitor only.
    const words = `Tak for artiklen, den hjalp mig ${Date.now()}`;
    const form = page.locator('#comment-form');
    await form.locator('input[name="name"]').fill('Birgit Browser');
    await form.locator('input[name="email"]').fill('birgit@example.test');
    await form.locator('textarea[name="body"]').fill(words);
    await Promise.all([page.waitForURL(/#comments$/), form.locator('button[type="submit"]').click()]);
    await page.waitForLoadState('load');
    const mine = page.locator('article.comment.pending', { hasText: words });
    assert.equal(await mine.count(), 1, 'the pending comment is shown to its author');
    assert.match(await mine.locator('.badge').textContent(), /Afventer godkendelse/);
    assert.equal(await page.locator('main h1').first().textContent().then((t) => t.trim()), title);
    const stranger = await browser.newContext();
    const other = await stranger.newPage();
    await other.goto(articleUrl);
    assert.equal(await other.locator('article.comment', { hasText: words }).count(), 0, 'strangers do not see it');
    await stranger.close();

    // Search from the knowledge base page: highlighted hits, still in Danish.
    await Promise.all([page.waitForURL(/\/kb$/), page.locator('header nav a[href="/kb"]').first().click()]);
    const search = page.locator('main form.search');
    await search.locator('input[name="q"]').fill('adgangskode');
    await Promise.all([page.waitForURL(/\/search\?q=adgangskode/), search.locator('input[name="q"]').press('Enter')]);
    assert.equal(await page.getAttribute('html', 'lang'), 'da');
    const hits = page.locator('ol.kb-hits li');
    assert.ok(await hits.count() >= 1, 'the search finds Danish articles');
    const marks = await page.locator('ol.kb-hits mark').allTextContents();
    assert.ok(marks.length >= 1, 'hits are highlighted');
    assert.ok(marks.every((m) => m.toLowerCase().startsWith('adgangskode')), marks.join(','));
    assert.match(await hits.first().locator('a').getAttribute('href'), /^(\/da)?\/kb\/articles\/\d+-/);

    // The jar: registry names only, no account session.
    const all = await context.cookies();
    assert.ok(all.length >= 3, all.map((c) => c.name).join(','));
    for (const c of all) {
      assert.ok(REGISTRY.has(c.name), `${c.name} is not in the cookie registry`);
      assert.equal(c.domain, new URL(deskd.origin).hostname, `${c.name} is host-only`);
    }
    const names = all.map((c) => c.name);
    assert.ok(!names.includes('dpsid-portal'), 'no portal session without a login');
    assert.ok(names.includes('_dp_csrf_token'));
    assert.deepEqual(errors, []);
    await context.close();
  });
});
