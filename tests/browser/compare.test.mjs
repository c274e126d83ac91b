// Compare two exports (issue 6.3): the current export (this month's) beside an earlier one
// (last month's), both classified at the same as-of date; per item what changed, filterable
// by kind, with counts, copied as TSV. Fixtures: seed_f3.xlsx and seed_f3_next_month.xlsx
// (tests/compare.rs holds the same expectations natively).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, fixture, fileInput, waitLoaded, setAsOf, copied } from './harness.mjs';

const { open, foreign } = suite();

/** This month's export loaded, as of 2016-07-15, and last month's chosen for comparison. */
async function compared(t) {
  const page = await open(t);
  await page.setInputFiles(fileInput, fixture('seed_f3_next_month.xlsx'));
  await page.waitForSelector('[data-hook=result-count]');
  await setAsOf(page, '2016-07-15');
  await page.setInputFiles('[data-hook=compare-input]', fixture('seed_f3.xlsx'));
  await page.waitForSelector('[data-hook=changes] tr[data-change-kind]');
  return page;
}

async function changes(page) {
  return page.$$eval('[data-hook=changes] tr[data-change-kind]', (trs) =>
    trs.map((tr) => [tr.dataset.organization, tr.dataset.changeKind]));
}

async function kindCounts(page) {
  return page.$$eval('[data-change-kind-filter]', (els) =>
    Object.fromEntries(els.map((e) => [e.dataset.changeKindFilter, Number(e.dataset.count)])));
}

const has = (list, org, kind) => list.some(([o, k]) => o === org && k === kind);

test('the comparison names both files and the as-of date it judged them at', async (t) => {
  const page = await compared(t);
  const text = await page.textContent('[data-hook=compare-files]');
  assert.match(text, /前回：seed_f3\.xlsx/);
  assert.match(text, /今回：seed_f3_next_month\.xlsx/);
  assert.match(text, /基準日 2016-07-15/);
});

test('a body that finished since last month is newly done', async (t) => {
  const page = await compared(t);
  assert.ok(has(await changes(page), 'Ｂ市', 'newly_done'));
});

test('planned ends moved later or earlier show by how many days', async (t) => {
  const page = await compared(t);
  const moved = await page.$$eval('[data-hook=changes] tr[data-change-kind^=plan_end]', (trs) =>
    trs.map((tr) => [tr.dataset.organization, tr.dataset.changeKind, tr.querySelector('td.num').textContent]));
  assert.deepEqual(moved.find(([o]) => o === 'Ｅ町'), ['Ｅ町', 'plan_end_earlier', '-60']);
  assert.deepEqual(moved.find(([o]) => o === 'Ｈ村'), ['Ｈ村', 'plan_end_later', '+35']);
});

test('a body silent in both exports is still unreported', async (t) => {
  const page = await compared(t);
  assert.ok(has(await changes(page), 'Ｇ町', 'still_unreported'));
});

test('rows only in one export appear or are gone', async (t) => {
  const page = await compared(t);
  const list = await changes(page);
  assert.ok(has(list, 'Ｉ村', 'appeared'));
  assert.equal(list.filter(([o, k]) => o === 'Ｃ市' && k === 'gone').length, 4);
});

test('each kind has a count, and the counts add up to the list', async (t) => {
  const page = await compared(t);
  const n = await kindCounts(page);
  assert.equal(n.gone, 4);
  assert.equal(n.newly_done, 1);
  const total = Object.values(n).reduce((a, b) => a + b, 0);
  assert.equal(total, (await changes(page)).length);
  assert.equal(await page.getAttribute('[data-hook=change-count]', 'data-total'), String(total));
});

test('choosing a kind filters the list to it, and choosing it again shows all', async (t) => {
  const page = await compared(t);
  const all = (await changes(page)).length;
  await page.click('[data-change-kind-filter=gone]');
  await page.waitForSelector('[data-change-kind-filter=gone][aria-pressed=true]');
  const only = await changes(page);
  assert.equal(only.length, 4);
  assert.ok(only.every(([, k]) => k === 'gone'));
  await page.click('[data-change-kind-filter=gone]');
  await page.waitForFunction((n) => document.querySelectorAll('[data-hook=changes] tr[data-change-kind]').length === n, all);
});

test('the filtered changes are copied as TSV with Japanese headings', async (t) => {
  const page = await compared(t);
  await page.click('[data-change-kind-filter=plan_end_later]');
  await page.waitForSelector('[data-change-kind-filter=plan_end_later][aria-pressed=true]');
  await page.click('[data-action=copy-changes-tsv]');
  const tsv = await copied(page, /変化 \d+ 件を表（TSV）としてコピーしました/);
  const lines = tsv.split('\r\n').filter(Boolean).map((l) => l.split('\t'));
  assert.deepEqual(lines[0].slice(0, 3), ['変化', '都道府県', '団体名']);
  assert.ok(lines.length >= 2);
  assert.ok(lines.slice(1).every((l) => l[0] === '終了予定日が後ろ倒し'));
  const h = lines.find((l) => l[2] === 'Ｈ村');
  assert.equal(h.at(-1), '35');
});

test('a new as-of date re-judges both exports at once', async (t) => {
  const page = await compared(t);
  await setAsOf(page, '2016-12-01');
  await page.waitForFunction(() => /基準日 2016-12-01/.test(document.querySelector('[data-hook=compare-files]').textContent));
});

test('an earlier file that cannot be read is named, and the page keeps working', async (t) => {
  const page = await open(t);
  await page.setInputFiles(fileInput, fixture('seed_f3.xlsx'));
  await waitLoaded(page, 28);
  await page.setInputFiles('[data-hook=compare-input]', fixture('garbage.xlsx'));
  await page.waitForSelector('[data-hook=compare] [data-error-file="garbage.xlsx"]');
  assert.equal(await page.$('[data-hook=changes]'), null, 'no comparison against nothing');
  assert.equal(await page.getAttribute('[data-hook=result-count]', 'data-total'), '28');
});

test('no page made a request outside its own origin', () => {
  assert.deepEqual(foreign, []);
});
