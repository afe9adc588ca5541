// Browser-test harness: a real deskd on 127.0.0.1:<free port> (--demo), a tiny
// static "customer website" on http://localhost:<other port> that embeds the
// Messenger snippet (another origin and another cookie host than deskd), and
// Debian's chromium driven by playwright-core.
//
// The binary comes from DESKD_BIN (default: build/src/deskd of this checkout).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../..');
export const deskdBin = process.env.DESKD_BIN || path.join(repoRoot, 'build/src/deskd');
export const chromiumPath = process.env.DESKD_CHROMIUM || '/usr/bin/chromium';

export const LOADER_COOKIES = ['dpdefaultloader_assets_url', 'dpdefaultloader_time'];

// Starts deskd; resolves once it printed `listening on http://HOST:PORT`.
// env: extra environment (e.g. DESKD_MESSENGER_ALLOWED_ORIGINS).
export async function startDeskd(env = {}) {
  if (!fs.existsSync(deskdBin)) throw new Error(`deskd binary not found: ${deskdBin} (set DESKD_BIN)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deskd-browser-'));
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('DESKD_') || k === 'DESKD_WEB_DIR'));
  const proc = spawn(deskdBin, ['serve', '--demo', '--listen', '127.0.0.1:0', '--data', path.join(dir, 'data')], {
    env: { ...clean, ...env },
    stdio: ['ignore', 'pipe', fs.openSync(path.join(dir, 'stderr.log'), 'w')],
  });
  const server = { proc, dir, origin: '', accounts: {}, output: [] };
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('deskd did not start:\n' + server.output.join('\n'))), 20000);
    let buffered = '';
    proc.stdout.on('data', (chunk) => {
      buffered += chunk.toString();
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        server.output.push(line);
        const demo = /^demo (\w+): (\S+) password: (\S+)$/.exec(line);
        if (demo) server.accounts[demo[1]] = { email: demo[2], password: demo[3] };
        const listening = /^listening on (http:\/\/\S+)$/.exec(line);
        if (listening && !server.origin) {
          server.origin = listening[1];
          clearTimeout(timer);
          resolve();
        }
      }
    });
    proc.on('exit', (code) => reject(new Error(`deskd exited (${code}):\n` + server.output.join('\n') + '\n' +
      fs.readFileSync(path.join(dir, 'stderr.log'), 'utf8').slice(-4000))));
  });
  server.stop = async () => {
    if (proc.exitCode === null) {
      proc.kill('SIGTERM');
      await once(proc, 'exit');
    }
    fs.rmSync(dir, { recursive: true, force: true });
    return proc.exitCode;
  };
  return server;
}

// The embedding page: the one-line snippet with optional data- attributes.
export function embedPage(deskdOrigin, attrs = '') {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Acme shop</title></head>
<body><h1>Acme shop</h1><p>Products and prices.</p>
<script async src="${deskdOrigin}/messenger/loader.js"${attrs}></script>
</body></html>`;
}

// A static site on http://localhost:<free port>: pages maps a path to HTML.
export async function startSite(pages) {
  const srv = http.createServer((req, res) => {
    const body = pages[new URL(req.url, 'http://x').pathname];
    if (body === undefined) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(body);
  });
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  return {
    origin: `http://localhost:${srv.address().port}`,
    close: () => new Promise((r) => srv.close(r)),
  };
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

// Records every document.cookie write of the page (the exact strings), into
// window.__cookieWrites, before any page script runs.
export async function recordCookieWrites(context) {
  await context.addInitScript(() => {
    const desc = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
    window.__cookieWrites = [];
    Object.defineProperty(Document.prototype, 'cookie', {
      configurable: true,
      get() { return desc.get.call(this); },
      set(v) { window.__cookieWrites.push(v); desc.set.call(this, v); },
    });
  });
}

// Counts requests whose URL path (on any origin) matches: returns a live counter.
export function countRequests(page, test) {
  const seen = [];
  page.on('request', (r) => { if (test(new URL(r.url()))) seen.push(r); });
  return seen;
}

export const isSetup = (u) => u.pathname === '/messenger/setup';
export const isBundle = (u) => /^\/messenger\/assets\/widget\.[0-9a-f]{10}\.js$/.test(u.pathname);

// The launcher is in the widget's open shadow root (playwright's CSS pierces it).
export async function waitForLauncher(page) {
  await page.locator('#dm-launcher').waitFor({ state: 'visible', timeout: 10000 });
}

export async function openWidget(page) {
  await waitForLauncher(page);
  await page.locator('#dm-launcher').click();
  await page.locator('#dm-panel h2').waitFor({ state: 'visible', timeout: 10000 });
}

// A new browser context (with `options`) signed in to the Agent interface as
// `account` ({ email, password }); returns { context, page } after the login.
export async function signInAgent(browser, deskd, account, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await page.goto(`${deskd.origin}/agent/login`);
  await page.locator('input[name=email]').fill(account.email);
  await page.locator('input[name=password]').fill(account.password);
  await Promise.all([page.waitForNavigation(), page.locator('main form button[type=submit]').first().click()]);
  return { context, page };
}

// Opens the Messenger on the embedding site's page `siteOrigin` + `path` and
// starts a chat as `name` with a first `message` (an agent must be online).
export async function startGuestChat(page, siteOrigin, name, message, path = '/') {
  await page.goto(`${siteOrigin}${path}`);
  await openWidget(page);
  await page.locator('#dm-start').waitFor({ state: 'visible' });
  await page.locator('#dm-name').fill(name);
  await page.locator('#dm-message').fill(message);
  await page.locator('#dm-start button[type=submit]').click();
}

export async function cookieMap(context, url) {
  return Object.fromEntries((await context.cookies(url)).map((c) => [c.name, c]));
}

// GET with exactly these headers (a browser cannot forge Origin; this can):
// resolves {status, headers, body}.
export function rawGet(url, headers = {}) {
  return new Promise((resolve, reject) => {
    http.get(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    }).on('error', reject);
  });
}

// Polls `fn` until it returns a truthy value (or fails after timeoutMs).
export async function eventually(fn, timeoutMs = 10000, what = 'condition') {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
