// The page for the standardisation programme (標準化, SPEC §9, issue 11): the 総務省-shaped
// workbook and a 特定移行支援 list dropped together; counts of systems equal to the core's (the
// expected figures are what `shinchoku check … --format json` gives for the same fixtures);
// the matrix with rates as text; a body's steps grid; the systems table's keyboard; letters; the
// profile switch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import { suite, fixture, dropFiles, waitSystems, setAsOf, counts, copied } from './harness.mjs';

const XLSX = createRequire(import.meta.url)('xlsx');
const { open, foreign } = suite();

const FILES = [fixture('hyojunka_soumu.xlsx'), fixture('tokutei_pairs.xlsx')];

async function dropSoumu(page, asOf) {
  await dropFiles(page, FILES);
  await waitSystems(page, 60);
  if (asOf) await setAsOf(page, asOf);
}

async function waitCounts(page, expected) {
  await page.waitForFunction((expected) => {
    const got = Object.fromEntries([...document.querySelectorAll('[data-hook=summary] [data-status][data-count]')]
      .map((e) => [e.dataset.status, Number(e.dataset.count)]));
    return Object.entries(expected).every(([k, v]) => got[k] === v);
  }, expected);
  return counts(page);
}

test('the 総務省 workbook and a 特定移行支援 list dropped together count systems as the core does', async (t) => {
  const page = await open(t);
  await dropSoumu(page, '2026-01-31');
  assert.deepEqual(await waitCounts(page, { done: 35 }), {
    deadline_exceeded: 0, unreported: 1, plan_overrun: 0, on_track: 23, done: 35, not_applicable: 1,
  });
  await setAsOf(page, '2026-12-02');
  assert.deepEqual(await waitCounts(page, { deadline_exceeded: 21 }), {
    deadline_exceeded: 21, unreported: 0, plan_overrun: 0, on_track: 3, done: 35, not_applicable: 1,
  });
});

test('the page says how many systems the list designated and which list rows matched nothing', async (t) => {
  const page = await open(t);
  await dropSoumu(page, '2026-01-31');
  const summary = await page.$eval('[data-hook=system-summary]', (e) => ({ ...e.dataset }));
  assert.equal(summary.systems, '60');
  assert.equal(summary.designated, '3');
  const d = await page.$eval('[data-hook=designations]', (e) => ({ ...e.dataset, text: e.textContent }));
  assert.equal(d.designated, '3');
  assert.equal(d.unmatched, '2');
  // The rows themselves are notes, below the summary (issue 17).
  const rows = await page.$$eval('[data-hook=notes-first] [data-note-reason]', (els) => els.map((e) => [e.dataset.noteRow, e.dataset.noteReason]));
  assert.deepEqual(rows.slice(0, 2), [['7', 'ignored'], ['8', 'unknown_body']]);
  const notes = await page.$eval('[data-hook=notes]', (e) => e.textContent);
  assert.match(notes, /Ｚ市 介護保険（特定移行支援の一覧：進捗のファイルにない団体）/);
});

test('the profile is chosen by the shape of the files and shown by name', async (t) => {
  const page = await open(t);
  await dropSoumu(page);
  assert.equal(await page.$eval('[data-hook=profile-name]', (e) => e.dataset.programme), 'hyojunka');
  assert.match(await page.textContent('[data-hook=profile-name]'), /標準化/);
  assert.equal(await page.$eval('[data-setting=deadline-extended]', (e) => e.value), '2031-03-31');
});

test('the matrix shows 業務 in the 総務省 order with each rate as text, not colour alone', async (t) => {
  const page = await open(t);
  await dropSoumu(page, '2026-01-31');
  const heads = await page.$$eval('[data-hook=matrix] thead th', (els) => els.map((e) => e.textContent));
  assert.deepEqual(heads.slice(3, 6), ['住民記録', '選挙人名簿管理', '固定資産税']);
  assert.equal(heads.at(-1), '印鑑登録');
  const cell = await page.$eval('[data-hook=matrix] tr[data-organization="Ｂ市"] td[data-system="個人住民税"]',
    (e) => ({ rate: e.dataset.rate, text: e.textContent, rollup: e.dataset.rollup }));
  assert.deepEqual(cell, { rate: '75%', text: '予定どおり75%', rollup: 'on_track' });
});

test('the matrix rows sort by mean completion rate', async (t) => {
  const page = await open(t);
  await dropSoumu(page, '2026-01-31');
  await page.selectOption('[data-hook=matrix-order]', 'rate');
  await page.waitForFunction(() => document.querySelector('[data-hook=matrix] tbody tr.row')?.dataset.organization === 'Ｄ村');
  const order = await page.$$eval('[data-hook=matrix] tbody tr.row', (els) => els.map((e) => e.dataset.organization));
  assert.deepEqual(order, ['Ｄ村', 'Ｃ町', 'Ｂ市']);
});

test('a body shows its 業務 × 40 steps with the status word in each cell and the current step marked', async (t) => {
  const page = await open(t);
  await dropSoumu(page, '2026-01-31');
  await page.click('[data-hook=systems] [data-open-body="Ｂ市"] >> nth=0');
  await page.waitForSelector('[data-hook=steps-detail]');
  const row = '[data-hook=steps-grid] tr[data-task="個人住民税"]';
  assert.equal(await page.$$eval(`${row} td.step`, (els) => els.length), 40);
  const current = await page.$eval(`${row} td.current`, (e) => ({ step: e.dataset.step, state: e.dataset.stepState, text: e.textContent }));
  assert.deepEqual(current, { step: '⑬-1', state: 'in_progress', text: '▶作業中' });
  assert.equal(await page.$eval(`${row} td[data-step="⑱-1"]`, (e) => e.textContent), '未着手');
  assert.match(await page.textContent('[data-hook=steps-markers]'), /基準日 2026-01-31.*移行期限 2026-03-31/);
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-hook=steps-detail]', { state: 'detached' });
});

test('the systems table is usable by keyboard like the results: arrows move the current row, Enter opens its steps', async (t) => {
  const page = await open(t);
  await dropSoumu(page);
  const current = '[data-hook=systems] tr[data-task][aria-selected=true]';
  await page.focus('[data-hook=systems] table[role=grid]');
  await page.keyboard.press('ArrowDown');
  await page.waitForSelector(`${current}[aria-rowindex="2"]`);
  await page.keyboard.press('ArrowDown');
  await page.waitForSelector(`${current}[aria-rowindex="3"]`);
  const body = await page.$eval(current, (tr) => tr.dataset.organization);
  await page.keyboard.press('Enter');
  await page.waitForSelector(`[data-hook=steps-detail][data-organization="${body}"]`);
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-hook=steps-detail]', { state: 'detached' });
});

test('the systems table filters by 業務, designation and rate and copies as a table for Excel', async (t) => {
  const page = await open(t);
  await dropSoumu(page, '2026-01-31');
  const shown = () => page.$eval('[data-hook=system-count]', (e) => Number(e.dataset.shown));
  await page.selectOption('[data-system-filter=task]', '戸籍');
  await page.waitForFunction(() => document.querySelector('[data-hook=system-count]').dataset.shown === '3');
  await page.selectOption('[data-system-filter=task]', '');
  await page.selectOption('[data-system-filter=extended]', 'yes');
  await page.waitForFunction(() => document.querySelector('[data-hook=system-count]').dataset.shown === '3');
  await page.selectOption('[data-system-filter=extended]', '');
  await page.fill('[data-system-filter=rate-below]', '60');
  await page.dispatchEvent('[data-system-filter=rate-below]', 'change');
  await page.waitForFunction(() => document.querySelector('[data-hook=system-count]').dataset.shown === '22');
  assert.equal(await shown(), 22);
  await page.click('[data-action=copy-systems]');
  const text = await copied(page, /22 システムを表としてコピーしました/);
  const lines = text.trimEnd().split('\r\n');
  assert.equal(lines.length, 23);
  assert.match(lines[0], /^都道府県\t団体名\t自庁内\t団体コード\t業務\t完了率\t現在のステップ/);
});

test('a letter to a body past the deadline asks for the migration date, the reason and designation', async (t) => {
  const page = await open(t);
  await dropSoumu(page, '2026-12-02');
  await page.click('[data-action=toggle-letters]');
  await page.waitForSelector('[data-hook=letters] [data-letter-organization="Ｄ村"]');
  const text = await page.textContent('[data-letter-organization="Ｄ村"] .letter-text');
  assert.match(text, /^Ｄ村 ご担当者様/);
  assert.match(text, /■ 移行期限までに標準準拠システムへの移行が完了していないシステム（18 件）/);
  assert.match(text, /移行完了の見込み時期とその理由をお知らせください/);
  assert.match(text, /特定移行支援システムに該当する見込みかどうか/);
});

test('switching the profile reclassifies at once without reading the files again', async (t) => {
  const page = await open(t);
  await dropSoumu(page, '2026-01-31');
  await waitCounts(page, { on_track: 23 });
  await page.selectOption('[data-setting=programme]', 'action-plan-2016');
  assert.deepEqual(await waitCounts(page, { deadline_exceeded: 27 }), {
    deadline_exceeded: 27, unreported: 0, plan_overrun: 0, on_track: 0, done: 34, not_applicable: 1,
  });
  await page.selectOption('[data-setting=programme]', 'hyojunka');
  await waitCounts(page, { on_track: 23, done: 35 });
});

test('editing the extended deadline moves the designated systems only', async (t) => {
  const page = await open(t);
  await dropSoumu(page, '2026-12-02');
  await waitCounts(page, { on_track: 3 });
  await page.click('[data-hook=profile] summary');
  await page.fill('[data-setting=deadline-extended]', '2026-06-30');
  await page.dispatchEvent('[data-setting=deadline-extended]', 'change');
  await waitCounts(page, { deadline_exceeded: 24, on_track: 0 });
});

test('the 標準化 sample loads with its as-of date', async (t) => {
  const page = await open(t);
  await page.click('[data-action=load-sample-hyojunka]');
  await waitSystems(page, 60);
  assert.equal(await page.$eval('[data-setting=as-of]', (e) => e.value), '2026-01-31');
  assert.equal((await counts(page)).done, 35);
});

test('no page made a request outside its own origin', () => {
  assert.deepEqual(foreign, []);
});

test('comparing with last month lists per system what changed, with the steps', async (t) => {
  const page = await open(t);
  await dropSoumu(page, '2026-01-31');
  await page.setInputFiles('[data-hook=compare-input]', fixture('hyojunka_soumu_last_month.xlsx'));
  await page.waitForSelector('[data-hook=changes] tr[data-change-kind]');
  const kinds = await page.$$eval('[data-hook=compare] [data-change-kind-filter]', (els) =>
    Object.fromEntries(els.map((e) => [e.dataset.changeKindFilter, Number(e.dataset.count)])));
  assert.equal(kinds.newly_done, 1);
  assert.equal(kinds.rate_up, 3);
  assert.equal(kinds.still_unreported, 1);
  const row = await page.textContent('[data-hook=changes] tr[data-change-kind=rate_up][data-task="個人住民税"]');
  assert.match(row, /70%.*75%/);
  assert.match(row, /⑪-2 .*：作業中→完了済み/);
});

test('the systems save as CSV with a BOM and as an .xlsx report with a sheet of systems', async (t) => {
  const page = await open(t);
  await dropSoumu(page, '2026-01-31');
  const [csvFile] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=download-systems-csv]')]);
  assert.equal(csvFile.suggestedFilename(), '標準化_システム別_20260131.csv');
  const csvBytes = await fs.readFile(await csvFile.path());
  assert.deepEqual([...csvBytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.equal(csvBytes.subarray(3).toString('utf8').trimEnd().split('\r\n').length, 61);
  const [xlsxFile] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=download-systems-xlsx]')]);
  assert.equal(xlsxFile.suggestedFilename(), '標準化_システム別_20260131.xlsx');
  const book = XLSX.read(await fs.readFile(await xlsxFile.path()));
  const rows = XLSX.utils.sheet_to_json(book.Sheets['システム別'], { header: 1 });
  assert.equal(rows.length, 61);
  assert.deepEqual(rows[0].slice(0, 6), ['都道府県', '団体名', '自庁内', '団体コード', '業務', '完了率']);
});

test('the print view lists every selected system with its rate and current step', async (t) => {
  const page = await open(t);
  await dropSoumu(page, '2026-01-31');
  await page.selectOption('[data-system-filter=task]', '個人住民税');
  await page.waitForFunction(() => document.querySelector('[data-hook=system-count]').dataset.shown === '3');
  await page.click('[data-hook=systems] [data-action=print-view]');
  await page.waitForSelector('[data-hook=print-report]');
  const rows = await page.$$eval('[data-hook=print-list] tbody tr', (els) => els.map((e) => e.textContent));
  assert.equal(rows.length, 3);
  assert.match(rows[0], /^Ｂ市個人住民税75%⑬-1 システム移行時の設定/);
  assert.match(await page.textContent('[data-hook=print-meta]'), /3 システム（全 60 システム中）/);
});
