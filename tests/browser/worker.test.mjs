// Large files are parsed in a Web Worker: the page keeps running while a file loads, and shows
// how far reading has got. The workbook is made here with SheetJS (a devDependency of these
// tests only, never part of the page).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { suite } from './harness.mjs';

const XLSX = createRequire(import.meta.url)('xlsx');

const s = suite();

/** A long-layout export of `n` items, as an .xlsx buffer. */
function largeWorkbook(n) {
  const rows = [['都道府県', '団体名', 'タスク', 'システム', '工程', '開始予定日', '終了予定日', '開始実績日', '終了実績日']];
  for (let i = 0; i < n; i++) {
    rows.push([`県${i % 47}`, `団体${i % 1788}`, `F-${1 + (i % 20)}`, '地方税関連システム', '設計工程',
      '2016/4/1', '2016/6/30', '2016/4/1', i % 3 ? '2016/6/20' : '']);
  }
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '回答結果');
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' });
}

async function open() {
  const context = await s.browser.newContext({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(s.server.base + '/');
  await page.waitForSelector('[data-hook=summary] [data-count]');
  return { context, page, errors };
}

test('while a large workbook is parsed, the page keeps handling timers and clicks and shows progress', async () => {
  const n = 60000;
  const buffer = largeWorkbook(n);
  const { context, page, errors } = await open();
  // Tick every 10 ms and note each tick that fell while the progress indicator was shown.
  await page.evaluate(() => {
    window.__ticks = 0;
    window.__clicks = 0;
    window.__progressTexts = new Set();
    setInterval(() => {
      const p = document.querySelector('[data-hook=progress]');
      if (p) {
        window.__ticks += 1;
        window.__progressTexts.add(p.textContent);
      }
    }, 10);
    document.querySelector('[data-hook=privacy]').addEventListener('click', () => { window.__clicks += 1; });
  });
  await page.setInputFiles('input[type=file][multiple]',
    { name: 'large.xlsx', mimeType: 'application/octet-stream', buffer });
  await page.waitForSelector('[data-hook=progress]');
  await page.click('[data-hook=privacy]');
  await page.waitForFunction((n) => document.querySelector('[data-hook=result-count]')?.dataset.total === String(n),
    n, { timeout: 120000 });
  const seen = await page.evaluate(() => ({ ticks: window.__ticks, clicks: window.__clicks, texts: [...window.__progressTexts] }));
  assert.equal(seen.clicks, 1, 'a click made during the load was handled');
  assert.ok(seen.ticks >= 3, `timers kept running during the parse (${seen.ticks} ticks)`);
  assert.ok(seen.texts.some((t) => /large\.xlsx/.test(t) && /回答結果/.test(t) && /行を読み込みました/.test(t)),
    seen.texts.join(' | '));
  assert.equal(await page.$('[data-hook=progress]'), null, 'the indicator goes once the file is loaded');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a file the worker cannot read still gives a Japanese message and the page keeps working', async () => {
  const { context, page, errors } = await open();
  await page.setInputFiles('input[type=file][multiple]',
    { name: '壊れた.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('PK\x03\x04 broken') });
  await page.waitForSelector('[data-error-file="壊れた.xlsx"]');
  assert.match(await page.textContent('[data-error-file="壊れた.xlsx"]'), /「壊れた\.xlsx」を読み込めませんでした：/);
  await page.click('[data-action=load-sample]');
  await page.waitForFunction(() => document.querySelector('[data-hook=result-count]')?.dataset.total === '28');
  assert.deepEqual(errors, []);
  await context.close();
});
