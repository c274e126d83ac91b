// Shared harness for the browser tests:
// serve dist/ on loopback, launch the system's headless Chromium, open the page with a fresh
// context, record any request that leaves the page's own origin, fail on page errors.
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

export const root = path.resolve(import.meta.dirname, '..', '..');
// SHINCHOKU_DIST tests another build of the page (default: dist/, as run.sh builds it).
export const dist = path.resolve(process.env.SHINCHOKU_DIST ?? path.join(root, 'dist'));
export const fixture = (name) => path.join(root, 'tests', 'fixtures', name);
export const fileInput = 'input[type=file][multiple][data-hook=file-input]';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/** Serves `dir` on 127.0.0.1; resolves to { base, server (node:http, for extra routes), close }. */
export async function serve(dir = dist) {
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://127.0.0.1');
      let file = path.normalize(path.join(dir, decodeURIComponent(url.pathname)));
      if (!file.startsWith(dir)) throw new Error('outside the served folder');
      if (url.pathname.endsWith('/')) file = path.join(file, 'index.html');
      const body = await fs.readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  return { base, server, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Launches the system's headless Chromium with the flags this machine needs (no background networking). */
export function launch(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--no-first-run', '--disable-sync', ...extraArgs,
    ],
  });
}

/**
 * Opens `url` in a fresh context (empty storage, clipboard allowed) and waits for the app.
 * Every request outside `origin` is pushed to `foreign`; page errors fail the test.
 */
export async function openPage(t, browser, url, { origin, foreign = [] } = {}) {
  const context = await browser.newContext({ acceptDownloads: true, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  if (origin?.startsWith('http')) {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  }
  const page = await context.newPage();
  const problems = [];
  page.on('request', (r) => {
    const u = r.url();
    if (!(origin && u.startsWith(origin)) && !u.startsWith('blob:') && !u.startsWith('data:')) foreign.push(u);
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('dialog', (d) => { problems.push('dialog: ' + d.message()); d.dismiss(); });
  t.after(async () => {
    await context.close();
    assert.deepEqual(problems, [], 'no page errors or dialogs');
  });
  await page.goto(url);
  await page.waitForSelector('[data-hook=summary] [data-count]');
  return page;
}

/**
 * The usual set-up of a test file: serves dist/ and launches Chromium before its tests, closes
 * both after them. `open(t)` opens the app in a fresh context (see openPage); `foreign` collects
 * every request that left the page's origin.
 */
export function suite() {
  const s = { server: null, browser: null, foreign: [] };
  before(async () => {
    s.server = await serve();
    s.browser = await launch();
  });
  after(async () => {
    await s.browser?.close();
    await s.server?.close();
  });
  s.open = (t) => openPage(t, s.browser, s.server.base + '/', { origin: s.server.base, foreign: s.foreign });
  return s;
}

/** Drops the file at `file` on the page's drop zone, as dragging it from the desktop does. */
export async function dropFile(page, file) {
  const b64 = (await fs.readFile(file)).toString('base64');
  const dataTransfer = await page.evaluateHandle(([b64, name]) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], name));
    return dt;
  }, [b64, path.basename(file)]);
  await page.dispatchEvent('[data-hook=drop-zone]', 'dragover', { dataTransfer });
  await page.dispatchEvent('[data-hook=drop-zone]', 'drop', { dataTransfer });
}

/** Drops several files at once, as selecting them together in the file manager and dragging does. */
export async function dropFiles(page, files) {
  const payload = await Promise.all(files.map(async (f) => [(await fs.readFile(f)).toString('base64'), path.basename(f)]));
  const dataTransfer = await page.evaluateHandle((payload) => {
    const dt = new DataTransfer();
    for (const [b64, name] of payload) {
      dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], name));
    }
    return dt;
  }, payload);
  await page.dispatchEvent('[data-hook=drop-zone]', 'dragover', { dataTransfer });
  await page.dispatchEvent('[data-hook=drop-zone]', 'drop', { dataTransfer });
}

/** Waits until the systems table (standardisation) holds `n` systems. */
export async function waitSystems(page, n) {
  await page.waitForFunction((n) => {
    const el = document.querySelector('[data-hook=system-count]');
    return el && el.dataset.total === String(n);
  }, n);
}

/**
 * Presses `key` in the results table and waits until the highlighted row has moved (the page
 * renders after the key event; reading the highlight at once would race that render).
 */
export async function moveHighlight(page, key) {
  const highlighted = () => {
    const row = document.querySelector('[data-hook=results] tr[data-status][aria-selected=true]');
    return row ? row.dataset.index : null;
  };
  const before = await page.evaluate(highlighted);
  await page.keyboard.press(key);
  await page.waitForFunction((before) => {
    const row = document.querySelector('[data-hook=results] tr[data-status][aria-selected=true]');
    return (row ? row.dataset.index : null) !== before;
  }, before);
}

export async function waitLoaded(page, n) {
  await page.waitForFunction((n) => {
    const el = document.querySelector('[data-hook=result-count]');
    return el && el.dataset.total === String(n);
  }, n);
}

export async function waitShown(page, n) {
  await page.waitForFunction((n) => {
    const el = document.querySelector('[data-hook=result-count]');
    return el && el.dataset.shown === String(n);
  }, n);
}

export async function loadSample(page) {
  await page.click('[data-action=load-sample]');
  await waitLoaded(page, 28);
}

export async function setAsOf(page, iso) {
  await page.fill('[data-setting=as-of]', iso);
  await page.dispatchEvent('[data-setting=as-of]', 'change');
}

export async function counts(page) {
  return page.$$eval('[data-hook=summary] [data-status][data-count]', (els) =>
    Object.fromEntries(els.map((e) => [e.dataset.status, Number(e.dataset.count)])));
}

/** Waits for the notice after a copy, then reads the clipboard. */
export async function copied(page, pattern) {
  await page.waitForFunction((src) => new RegExp(src).test(document.querySelector('[data-hook=notice]').textContent), pattern.source);
  return page.evaluate(() => navigator.clipboard.readText());
}

/** SPEC §7's counts of the seed at 2016-07-15. */
export const SECTION_7_COUNTS = { deadline_exceeded: 2, unreported: 1, plan_overrun: 1, on_track: 0, done: 24, not_applicable: 0 };

/** A long-layout CSV from rows of [prefecture, body, task, system, phase, PS, PE, AS, AE]. */
export function csv(rows) {
  const head = '都道府県,地方自治体名,タスク,システム,工程,予定開始日,予定終了日,開始日（実績）,終了日（実績）';
  return Buffer.from([head, ...rows.map((r) => r.join(','))].join('\n'));
}
