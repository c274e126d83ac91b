// Print (issue 6.5): the summary, the matrix and every filtered row print on A4 landscape with
// the as-of date, the filter and the source file named. Printed to PDF by headless Chromium and
// read back with pdftotext / pdfinfo (Debian's poppler-utils; scripts/setup.sh test installs them).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { suite, loadSample, csv, fileInput, waitLoaded, waitShown } from './harness.mjs';

const { open, foreign } = suite();
let tmp;

before(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'shinchoku-print-'));
});

after(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

/** Prints the page to PDF as the browser would (CSS page size) and returns its text and info. */
async function printed(page, name) {
  const file = path.join(tmp, `${name}.pdf`);
  await fs.writeFile(file, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return { text, flat: text.replace(/\s+/g, ''), info };
}

async function printView(page) {
  await page.click('[data-action=print-view]');
  await page.waitForSelector('[data-hook=print-report]');
}

test('the printout is A4 landscape', async (t) => {
  const page = await open(t);
  await loadSample(page);
  await printView(page);
  const { info } = await printed(page, 'size');
  const [, w, h] = info.match(/Page size:\s+([\d.]+) x ([\d.]+) pts/);
  assert.ok(Math.abs(Number(w) - 841.89) < 2 && Math.abs(Number(h) - 595.28) < 2, info);
});

test('the printout names the as-of date, the filter and the source file', async (t) => {
  const page = await open(t);
  await loadSample(page);
  await page.click('[data-hook=summary] [data-status=deadline_exceeded]');
  await waitShown(page, 2);
  await printView(page);
  const { flat } = await printed(page, 'meta');
  assert.ok(flat.includes('基準日2016-07-15'), flat.slice(0, 400));
  assert.ok(flat.includes('絞り込み条件状況：未完了（規定超過）'), flat.slice(0, 400));
  assert.ok(flat.includes('サンプル（資料のF-3既存業務システム改修表）.xlsx'), flat.slice(0, 400));
});

test('the printout holds the summary counts, the matrix and the filtered rows, not the controls', async (t) => {
  const page = await open(t);
  await loadSample(page);
  await page.click('[data-hook=summary] [data-status=deadline_exceeded]');
  await waitShown(page, 2);
  await printView(page);
  const { flat } = await printed(page, 'content');
  assert.ok(flat.includes('状況別の件数'), 'summary');
  assert.ok(flat.includes('団体×システムの進捗'), 'matrix');
  assert.ok(flat.includes('Ｃ市'), 'the matrix lists every body');
  assert.ok(flat.includes('一覧（2件）'), 'the list says how many rows');
  assert.ok(flat.includes('Ｅ町') && flat.includes('2016-12-31'), 'a filtered row');
  for (const control of ['ファイルを選ぶ', '印刷する', '絞り込みを解除', 'サンプルを読み込む']) {
    assert.ok(!flat.includes(control), `no control "${control}" on paper`);
  }
});

test('every filtered row is printed, not only the rows the virtualised table has drawn', async (t) => {
  const page = await open(t);
  const n = 400;
  const rows = Array.from({ length: n }, (_, i) => ['Ａ県', `団体${i}`, 'F-3', '地方税', '団体内連携テスト工程', '2016/4/1', '2016/6/30', '', '']);
  await page.setInputFiles(fileInput, { name: 'many.csv', mimeType: 'text/csv', buffer: csv(rows) });
  await waitLoaded(page, n);
  assert.ok(await page.$$eval('[data-hook=results] tr[data-status]', (e) => e.length) < 100);
  await printView(page);
  assert.equal(await page.$$eval('[data-hook=print-list] tbody tr', (e) => e.length), n);
  const { text } = await printed(page, 'many');
  assert.match(text, /団体0\b/);
  assert.match(text, new RegExp(`団体${n - 1}\\b`));
});

test('while the browser prints, the report alone is laid out for print, and it is gone afterwards', async (t) => {
  const page = await open(t);
  await loadSample(page);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.$('[data-hook=print-report]'), null);
  // The handler writes the report synchronously: it is there when dispatchEvent returns.
  const during = await page.evaluate(() => {
    window.dispatchEvent(new Event('beforeprint'));
    const report = document.querySelector('#print-snapshot [data-hook=print-report]');
    return {
      report: report !== null && getComputedStyle(report).display !== 'none',
      app: getComputedStyle(document.getElementById('app')).display,
      rows: document.querySelectorAll('#print-snapshot [data-hook=print-list] tbody tr').length,
    };
  });
  assert.deepEqual(during, { report: true, app: 'none', rows: 28 });
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  assert.equal(await page.$('[data-hook=print-report]'), null);
  await page.emulateMedia({ media: 'screen' });
  assert.ok(await page.isVisible('[data-hook=summary]'));
});

test('printing the page as it is (no print view opened) still prints the report, then returns', async (t) => {
  const page = await open(t);
  await loadSample(page);
  const { flat } = await printed(page, 'direct');
  assert.ok(flat.includes('基準日2016-07-15'), flat.slice(0, 300));
  assert.ok(flat.includes('一覧（28件）'), flat.slice(0, 300));
  assert.ok(!flat.includes('ファイルを選ぶ'), 'the report, not the screen');
  assert.equal(await page.$('[data-hook=print-report]'), null);
});

test('printing while the page is busy (a filter just changed, a large file loading) prints the report', async (t) => {
  const page = await open(t);
  await loadSample(page);
  const n = 20000;
  const rows = Array.from({ length: n }, (_, i) => ['Ａ県', `団体${i}`, 'F-3', '地方税', '団体内連携テスト工程', '2016/4/1', '2016/6/30', '', '']);
  // A filter change, then a large load, then print at once, without waiting for either.
  await page.click('[data-hook=summary] [data-status=deadline_exceeded]');
  await page.setInputFiles(fileInput, { name: 'many.csv', mimeType: 'text/csv', buffer: csv(rows) });
  const { flat } = await printed(page, 'busy');
  assert.ok(flat.includes('基準日'), flat.slice(0, 300));
  const listed = flat.match(/一覧（(\d+)件）/);
  assert.ok(listed, `the list is printed: ${flat.slice(0, 300)}`);
  // Whichever state the page had reached (the sample before or after the filter, or the new
  // file), the printout is a whole report of it, not the screen.
  assert.ok(!flat.includes('ファイルを選ぶ'), 'the report, not the screen');
  await waitLoaded(page, n);
});

test('opening the print view brings it into view with focus on its print button', async (t) => {
  const page = await open(t);
  await loadSample(page);
  await printView(page);
  await page.waitForFunction(() => document.activeElement?.dataset.action === 'print');
  const box = await page.$eval('[data-action=print]', (b) => b.getBoundingClientRect().top);
  assert.ok(box >= 0 && box < (await page.evaluate(() => innerHeight)), `print button at ${box}`);
});

test('the print view closes again', async (t) => {
  const page = await open(t);
  await loadSample(page);
  await printView(page);
  await page.click('[data-action=close-print-view]');
  await page.waitForSelector('[data-hook=print-report]', { state: 'detached' });
});

test('no page made a request outside its own origin', () => {
  assert.deepEqual(foreign, []);
});
