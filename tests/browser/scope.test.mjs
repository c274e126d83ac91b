// The prefecture scope (表示範囲, issue 17): files covering more than one prefecture offer a
// choice; the counts, the matrix, the systems table, the letters and the bodies no file reports
// all follow it, the page (and its printout) says which scope it shows, and the choice survives a reload. One
// prefecture's file offers none. And the notes (list rows that designated nothing, register
// notes) sit collapsed below the summary, the whole list virtualised and copyable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { suite, fixture, dropFile, dropFiles, waitSystems, setAsOf, counts, copied } from './harness.mjs';

const { open } = suite();

// register_two_prefectures.xlsx: 鳥取県 鳥取市・米子市, 島根県 松江市・浜田市・出雲市, each with
// 住民記録 and 戸籍 (30 of 40 steps done). Each prefecture has 19 municipalities; those no file
// reports are unreported, one system per 業務 (SPEC §10).
const TWO = fixture('register_two_prefectures.xlsx');
const ALL = { systems: 5 * 2 + (17 + 16) * 2, bodies: 38, missing: 33 };
const TOTTORI = { systems: 2 * 2 + 17 * 2, bodies: 19, missing: 17 };

async function dropTwo(page) {
  await setAsOf(page, '2026-01-31');
  await dropFile(page, TWO);
  await waitSystems(page, ALL.systems);
}

async function choose(page, prefecture) {
  await page.selectOption('[data-setting=prefecture]', prefecture);
  await page.waitForSelector(`[data-hook=scope][data-scope="${prefecture}"]`);
}

const counted = (c) => Object.values(c).reduce((a, b) => a + b, 0);

test('files of two prefectures offer a scope that the counts, matrix, table, coverage and letters follow', async (t) => {
  const page = await open(t);
  await dropTwo(page);
  assert.match(await page.textContent('[data-hook=scope]'), /表示範囲：全国/);
  assert.deepEqual(await page.$$eval('[data-setting=prefecture] option', (os) => os.map((o) => o.value)), ['', '鳥取県', '島根県']);
  assert.equal(counted(await counts(page)), ALL.systems);
  assert.equal(await page.$eval('[data-hook=matrix]', (e) => e.dataset.bodies), String(ALL.bodies));
  assert.equal(await page.$eval('[data-hook=missing-bodies]', (e) => e.dataset.count), String(ALL.missing));
  await page.click('[data-action=toggle-letters]');
  const national = await page.$$eval('[data-letter-organization]', (els) => els.length);

  await choose(page, '鳥取県');
  await waitSystems(page, TOTTORI.systems);
  assert.match(await page.textContent('[data-hook=scope]'), /表示範囲：鳥取県/);
  assert.equal(counted(await counts(page)), TOTTORI.systems);
  assert.equal(await page.$eval('[data-hook=matrix]', (e) => e.dataset.bodies), String(TOTTORI.bodies));
  assert.equal(await page.$eval('[data-hook=missing-bodies]', (e) => e.dataset.count), String(TOTTORI.missing));
  const rows = await page.$$eval('[data-hook=matrix] tr[data-organization]', (els) => els.map((e) => e.dataset.organization));
  assert.ok(rows.includes('鳥取市') && !rows.includes('松江市'), rows.join());
  if (!(await page.$('[data-letter-organization]'))) await page.click('[data-action=toggle-letters]');
  const letters = await page.$$eval('[data-letter-organization]', (els) => els.map((e) => e.dataset.letterOrganization));
  assert.ok(letters.length > 0 && letters.length < national, `${letters.length} of ${national}`);
  assert.ok(!letters.some((o) => ['松江市', '浜田市', '出雲市', '安来市', '益田市'].includes(o)), letters.join());

  await page.click('[data-action=print-view]');
  await page.waitForSelector('[data-hook=print-report]');
  assert.match(await page.textContent('[data-hook=print-report]'), /表示範囲：鳥取県/);
  await page.keyboard.press('Escape');

  await choose(page, '');
  await waitSystems(page, ALL.systems);
});

test('the chosen scope survives a reload and applies to the same files dropped again', async (t) => {
  const page = await open(t);
  await dropTwo(page);
  await choose(page, '島根県');
  await page.reload();
  await page.waitForSelector('[data-hook=summary] [data-count]');
  await dropFile(page, TWO);
  await page.waitForSelector('[data-hook=scope][data-scope="島根県"]');
  await waitSystems(page, 3 * 2 + 16 * 2);
  assert.equal(await page.$eval('[data-setting=prefecture]', (e) => e.value), '島根県');
});

test("one prefecture's file offers no scope", async (t) => {
  const page = await open(t);
  await setAsOf(page, '2026-01-31');
  await dropFile(page, fixture('register_steps_tottori.xlsx'));
  await waitSystems(page, 19 * 4);
  assert.equal(await page.$('[data-setting=prefecture]'), null);
  assert.equal(await page.$('[data-hook=scope]'), null);
});

/** A 特定移行支援 list of `n` bodies no progress file reports (under a prefecture that is no real one). */
async function unknownList(n) {
  const rows = Array.from({ length: n }, (_, i) => `Ｘ県,架空${i}市,住民記録`).join('\r\n');
  const file = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'shinchoku-notes-')), 'list.csv');
  await fs.writeFile(file, `特定移行支援システム一覧\r\n都道府県名,市区町村名,業務名\r\n${rows}\r\n`);
  return file;
}

test('notes are collapsed below the summary; the whole list opens virtualised and copies as TSV', async (t) => {
  const page = await open(t);
  const n = 5000;
  await setAsOf(page, '2026-01-31');
  await dropFiles(page, [fixture('register_steps_tottori.xlsx'), await unknownList(n)]);
  await page.waitForSelector(`[data-hook=notes][data-count="${n}"]`);
  const layout = await page.evaluate(() => {
    const notes = document.querySelector('[data-hook=notes]');
    const summary = document.querySelector('[data-hook=summary]');
    return {
      open: notes.open,
      below: Boolean(summary.compareDocumentPosition(notes) & Node.DOCUMENT_POSITION_FOLLOWING),
    };
  });
  assert.deepEqual(layout, { open: false, below: true });
  await page.click('[data-hook=notes] > summary');
  assert.equal(await page.$$eval('[data-hook=notes-first] [data-note-reason]', (els) => els.length), 5);
  assert.match(await page.textContent('[data-hook=notes] [data-note-count=unknown_body]'), /5,000 件/);
  await page.click('[data-hook=notes-all]');
  await page.waitForSelector(`[data-hook=notes-list][data-rows="${n}"] .note-row`);
  const inDom = await page.$$eval('[data-hook=notes-list] .note-row', (els) => els.length);
  assert.ok(inDom > 0 && inDom < 60, `${inDom} rows in the DOM`);
  await page.$eval('[data-hook=notes-list]', (e) => { e.scrollTop = e.scrollHeight; e.dispatchEvent(new Event('scroll')); });
  await page.waitForFunction(() => [...document.querySelectorAll('[data-hook=notes-list] .note-row')].some((e) => e.textContent.includes('架空4999市')));
  assert.ok((await page.$$eval('[data-hook=notes-list] .note-row', (els) => els.length)) < 60);
  await page.click('[data-hook=notes-copy]');
  const text = await copied(page, /注記 .* 行を TSV/);
  const lines = text.trimEnd().split('\n');
  assert.equal(lines.length, n + 1);
  assert.match(lines[0], /^ファイル\tシート\t行/);
  assert.match(lines[n], /架空4999市\t住民記録\t特定移行支援の一覧：進捗のファイルにない団体$/);
});
