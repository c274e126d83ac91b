// The single-file page (issue 6.4): `cargo xtask single-file` turns the built dist/ into one
// self-contained HTML file (wasm, glue and styles inline) that works opened straight from a
// file share (file://), with no web server, no worker and no request beyond itself.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root, dist, launch, openPage, loadSample, fixture, fileInput, waitLoaded, setAsOf, counts, SECTION_7_COUNTS, dropFile } from './harness.mjs';

let browser;
let tmp;
let file;
let url;
let html;
const foreign = [];

before(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'shinchoku-single-'));
  // A folder name with spaces and Japanese, as on a file share.
  file = path.join(tmp, '共有 フォルダ', 'shinchoku.html');
  execFileSync('cargo', ['xtask', 'single-file', dist, file], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  html = await fs.readFile(file, 'utf8');
  url = pathToFileURL(file).href;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

const open = (t) => openPage(t, browser, url, { origin: url, foreign });

test('the file refers to no other file: no script src, no stylesheet or preload link', () => {
  assert.equal((html.match(/<script\b/g) ?? []).length, 1);
  assert.doesNotMatch(html, /<script[^>]*\ssrc=/);
  assert.doesNotMatch(html, /<link\b/);
  assert.match(html, /<style>/);
});

test('its policy allows the inline script and style by sha256 hash and wasm compilation, nothing else', () => {
  const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)[1];
  const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  assert.deepEqual(directives['default-src'], ["'none'"]);
  assert.equal(directives['script-src'].length, 2);
  assert.match(directives['script-src'][0], /^'sha256-[A-Za-z0-9+/]{43}='$/);
  assert.equal(directives['script-src'][1], "'wasm-unsafe-eval'");
  assert.equal(directives['style-src'].length, 1);
  assert.match(directives['style-src'][0], /^'sha256-/);
  assert.deepEqual(directives['connect-src'], ["'none'"]);
  assert.deepEqual(directives['worker-src'], ["'none'"]);
  assert.doesNotMatch(csp, /'self'|unsafe-inline|'unsafe-eval'|\*|https?:/);
});

test('opened from file://, the sample loads and shows the statuses of SPEC §7', async (t) => {
  const page = await open(t);
  assert.ok(page.url().startsWith('file://'));
  await loadSample(page);
  assert.deepEqual(await counts(page), SECTION_7_COUNTS);
});

test('a file dropped on the page from file:// is read and classified', async (t) => {
  const page = await open(t);
  await dropFile(page, fixture('seed_f3.xlsx'));
  await waitLoaded(page, 28);
  await setAsOf(page, '2016-07-15');
  await page.waitForSelector('[data-hook=summary] [data-status=plan_overrun][data-count="1"]');
  assert.deepEqual(await counts(page), SECTION_7_COUNTS);
  const statuses = await page.$$eval('[data-hook=matrix] tbody tr', (trs) =>
    Object.fromEntries(trs.map((tr) => [tr.dataset.organization, tr.dataset.rollup])));
  assert.deepEqual(statuses, {
    'Ｂ市': 'plan_overrun', 'Ｃ市': 'done', 'Ｄ市': 'done', 'Ｅ町': 'deadline_exceeded',
    'Ｆ町': 'done', 'Ｇ町': 'unreported', 'Ｈ村': 'deadline_exceeded',
  });
});

test('a file chosen with the file button loads from file:// too', async (t) => {
  const page = await open(t);
  await page.setInputFiles(fileInput, fixture('long_utf8.csv'));
  await page.waitForSelector('[data-hook=result-count]');
  assert.match(await page.textContent('[data-hook=loaded-files]'), /long_utf8\.csv/);
});

test('the .xlsx report is written from file:// by the embedded report module', async (t) => {
  const page = await open(t);
  await loadSample(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=download-xlsx]')]);
  assert.equal(download.suggestedFilename(), 'shinchoku_2016-07-15.xlsx');
  const bytes = await fs.readFile(await download.path());
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK');
  assert.ok(bytes.length > 4000);
});

test('the policy refuses a request to another origin', async (t) => {
  const page = await open(t);
  const outcome = await page.evaluate(async () => {
    try {
      await fetch('https://example.com/');
      return 'fetched';
    } catch {
      return 'refused';
    }
  });
  assert.equal(outcome, 'refused');
});

test('the page made no request but for its own file', () => {
  assert.deepEqual(foreign, []);
});
