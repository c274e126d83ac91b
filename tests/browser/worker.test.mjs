// Large files are parsed in a Web Worker by the analyser module (a wasm of its own): the page
// keeps running while a file loads, shows how far reading has got, and paints the counts before
// the items arrive. The workbook is made here with SheetJS (a devDependency of these
// tests only, never part of the page).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { suite, dist } from './harness.mjs';

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

/** The 20 業務 and 40 step codes of the standardisation programme (SPEC §9). */
const GYOMU = ['住民記録', '選挙人名簿管理', '固定資産税', '個人住民税', '法人住民税', '軽自動車税', '就学', '国民年金',
  '国民健康保険', '後期高齢者医療', '介護保険', '障害者福祉', '生活保護', '健康管理', '児童手当', '児童扶養手当',
  '子ども・子育て支援', '戸籍', '戸籍附票', '印鑑登録'];
const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱';
const STEP_CODES = [3, 4, 2, 4, 3, 2, 2, 2, 3, 2, 2, 1, 1, 3, 2, 2, 1, 1]
  .flatMap((n, i) => Array.from({ length: n }, (_, j) => `${CIRCLED[i]}-${j + 1}`));

/** A national wide step table: `bodies` municipalities × 20 業務, one status per step. */
function nationalSteps(bodies) {
  const rows = [['業務別ステップ別進捗一覧'], [], ['都道府県名', '市区町村名', '業務名', ...STEP_CODES]];
  for (let b = 0; b < bodies; b++) {
    for (let g = 0; g < GYOMU.length; g++) {
      const done = (b * 7 + g * 3) % 41;
      rows.push([`県${b % 47}`, `市${b}`, GYOMU[g], ...STEP_CODES.map((_, k) => (k < done ? '完了済み' : k === done ? '作業中' : '未着手'))]);
    }
  }
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '業務別ステップ別進捗一覧');
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true });
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
  // Tick every 10 ms and count the ticks that fell while the progress indicator was shown; note
  // every text the indicator showed (observed as it changes, not sampled by the ticks).
  await page.evaluate(() => {
    window.__ticks = 0;
    window.__clicks = 0;
    window.__progressTexts = new Set();
    new MutationObserver(() => {
      const p = document.querySelector('[data-hook=progress]');
      if (p) window.__progressTexts.add(p.textContent);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
    setInterval(() => {
      if (document.querySelector('[data-hook=progress]')) window.__ticks += 1;
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

test('the national step table (1,741 bodies × 20 業務 × 40 steps) loads with progress while timers and clicks respond', async () => {
  const bodies = 1741;
  const buffer = nationalSteps(bodies);
  const { context, page, errors } = await open();
  await page.evaluate((n) => {
    // Whether the counts of all the systems were on screen while the load was still under way.
    window.__countsWhileLoading = false;
    new MutationObserver(() => {
      if (!document.querySelector('[data-hook=loading]')) return;
      const sum = [...document.querySelectorAll('[data-hook=summary] [data-status][data-count]')]
        .reduce((a, e) => a + Number(e.dataset.count), 0);
      if (sum === n) window.__countsWhileLoading = true;
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-count'] });
    window.__ticks = 0;
    window.__clicks = 0;
    window.__progress = false;
    setInterval(() => {
      window.__ticks += 1;
      if (document.querySelector('[data-hook=progress]')) window.__progress = true;
    }, 10);
    document.querySelector('[data-hook=privacy]').addEventListener('click', () => { window.__clicks += 1; });
  }, bodies * 20);
  await page.setInputFiles('input[type=file][multiple]',
    { name: 'national_steps.xlsx', mimeType: 'application/octet-stream', buffer });
  await page.waitForSelector('[data-hook=loading]');
  const ticksAtStart = await page.evaluate(() => window.__ticks);
  await page.click('[data-hook=privacy]');
  await page.waitForFunction((n) => document.querySelector('[data-hook=system-count]')?.dataset.total === String(n),
    bodies * 20, { timeout: 180000 });
  const seen = await page.evaluate(() => ({
    ticks: window.__ticks, clicks: window.__clicks, progress: window.__progress, early: window.__countsWhileLoading,
  }));
  assert.equal(seen.clicks, 1, 'a click made during the load was handled');
  assert.ok(seen.ticks - ticksAtStart >= 3, `timers kept running during the parse (${seen.ticks - ticksAtStart} ticks)`);
  assert.ok(seen.progress, 'progress was shown');
  assert.ok(seen.early, 'the counts were painted before the systems had arrived');
  const total = Object.values(await page.$$eval('[data-hook=summary] [data-status][data-count]',
    (els) => els.map((e) => Number(e.dataset.count)))).reduce((a, b) => a + b, 0);
  assert.equal(total, bodies * 20, 'the counts are of systems');
  assert.equal(await page.$eval('[data-hook=matrix]', (e) => e.dataset.bodies), String(bodies));
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

test("the page's own wasm holds no file reader: reading lives in the analyser module alone", () => {
  const files = fs.readdirSync(dist);
  const page = files.find((f) => /^shinchoku-[0-9a-f]+_bg\.wasm$/.test(f));
  assert.ok(page, files.join(', '));
  assert.ok(files.includes('analyser_bg.wasm') && files.includes('analyser.js'), files.join(', '));
  const has = (file, text) => fs.readFileSync(path.join(dist, file)).includes(Buffer.from(text));
  // Strings only the readers carry: the .xlsx part names, calamine's errors, the CSV encodings.
  for (const text of ['xl/worksheets/', 'sharedStrings', 'calamine', 'Shift_JIS']) {
    assert.ok(!has(page, text), `the page's wasm has ${text}`);
    assert.ok(has('analyser_bg.wasm', text), `the analyser lacks ${text}`);
  }
  const gz = (file) => zlib.gzipSync(fs.readFileSync(path.join(dist, file)), { level: 9 }).length;
  assert.ok(gz(page) < gz('analyser_bg.wasm'), 'the page is the smaller module');
});
