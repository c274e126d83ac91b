// Request letters (issue 6.2): for the bodies in the current filter, one mail text per body
// listing the items that need action, grouped by what is asked; copy one body's or all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, loadSample, csv, fileInput, waitLoaded, waitShown, setAsOf, copied } from './harness.mjs';

const { open, foreign } = suite();

async function openLetters(page) {
  await page.click('[data-action=toggle-letters]');
  await page.waitForSelector('[data-hook=letters] [data-letter-organization], [data-hook=letters-empty]');
}

async function letterBodies(page) {
  return page.$$eval('[data-hook=letters] [data-letter-organization]', (els) => els.map((e) => e.dataset.letterOrganization));
}

async function letterText(page, name) {
  return page.textContent(`[data-letter-organization="${name}"] .letter-text`);
}

test('only the bodies with items needing action get a letter', async (t) => {
  const page = await open(t);
  await loadSample(page);
  await openLetters(page);
  assert.deepEqual(await letterBodies(page), ['Ｂ市', 'Ｅ町', 'Ｇ町', 'Ｈ村']);
});

test('a letter is addressed politely to the body and dated with the as-of date', async (t) => {
  const page = await open(t);
  await loadSample(page);
  await openLetters(page);
  const text = await letterText(page, 'Ｂ市');
  assert.match(text, /^Ｂ市 ご担当者様\n\nいつもお世話になっております。/);
  assert.match(text, /2016年7月15日時点で確認したところ/);
  assert.match(text, /ご確認のほどよろしくお願いいたします。\n$/);
});

test('a plan overrun asks to confirm whether the work finished and to rewrite the end date', async (t) => {
  const page = await open(t);
  await loadSample(page);
  await openLetters(page);
  const text = await letterText(page, 'Ｂ市');
  assert.match(text, /■ 終了予定日を過ぎても終了実績の報告がない作業（1 件）/);
  assert.match(text, /団体内連携テスト工程　終了予定日 2016-06-30（15 日経過）/);
  assert.match(text, /作業が終了しているかをご確認ください。/);
  assert.match(text, /新たな終了予定日を、推奨アクションプラン（実行編）に書き換えていただきますよう/);
});

test('a deadline exceeded asks whether the end date can be brought forward to the deadline', async (t) => {
  const page = await open(t);
  await loadSample(page);
  await openLetters(page);
  const text = await letterText(page, 'Ｅ町');
  assert.match(text, /■ 終了予定日が完了期日より後になっている作業（1 件）/);
  assert.match(text, /終了予定日 2016-12-31、完了期日 11\/1 クール1開始 より 60 日後/);
  assert.match(text, /終了予定日を上記の完了期日以前にできないか/);
});

test('an unreported item asks to enter the expected end date, and the actual end date if finished', async (t) => {
  const page = await open(t);
  await loadSample(page);
  await openLetters(page);
  const text = await letterText(page, 'Ｇ町');
  assert.match(text, /■ 終了予定日・終了実績日の報告がない作業（1 件）/);
  assert.match(text, /終了予定日を（作業が終了している場合は終了実績日も）ご記入いただきますよう/);
});

test('the letters follow the current filter', async (t) => {
  const page = await open(t);
  await loadSample(page);
  await page.fill('[data-filter=body]', 'e町');
  await waitShown(page, 4);
  await openLetters(page);
  assert.deepEqual(await letterBodies(page), ['Ｅ町']);
  await page.fill('[data-filter=body]', 'c市');
  await waitShown(page, 4);
  await page.waitForSelector('[data-hook=letters-empty]');
});

test('one body\'s letter is copied on its own', async (t) => {
  const page = await open(t);
  await loadSample(page);
  await openLetters(page);
  await page.click('[data-letter-organization="Ｈ村"] [data-action=copy-letter]');
  const text = await copied(page, /Ｈ村 への依頼文をコピーしました/);
  assert.match(text, /^Ｈ村 ご担当者様/);
  assert.doesNotMatch(text, /Ｂ市/);
});

test('all letters are copied together, one after another', async (t) => {
  const page = await open(t);
  await loadSample(page);
  await openLetters(page);
  await page.click('[data-action=copy-all-letters]');
  const text = await copied(page, /4 団体分の依頼文をコピーしました/);
  const addressed = [...text.matchAll(/^(\S+) ご担当者様$/gm)].map((m) => m[1]);
  assert.deepEqual(addressed, ['Ｂ市', 'Ｅ町', 'Ｇ町', 'Ｈ村']);
});

test('an own office gets the wording for the prefecture\'s own action', async (t) => {
  const page = await open(t);
  const rows = [
    ['Ａ県', 'Ａ県教育委員会', 'F-3', '地方税', '団体内連携テスト工程', '2016/4/1', '2016/6/30', '2016/4/1', ''],
    ['Ａ県', 'Ｂ市', 'F-3', '地方税', '団体内連携テスト工程', '2016/4/1', '2016/6/30', '2016/4/1', ''],
  ];
  await page.setInputFiles(fileInput, { name: 'own.csv', mimeType: 'text/csv', buffer: csv(rows) });
  await waitLoaded(page, 2);
  await setAsOf(page, '2016-07-15');
  await page.waitForSelector('[data-hook=summary] [data-status=plan_overrun][data-count="2"]');
  await openLetters(page);
  const own = await letterText(page, 'Ａ県教育委員会');
  assert.match(own, /書き換えはこちらで行います/);
  assert.doesNotMatch(own, /書き換えていただきますよう/);
  assert.match(await page.textContent('[data-letter-organization="Ａ県教育委員会"] h3'), /自庁内/);
  assert.match(await letterText(page, 'Ｂ市'), /書き換えていただきますよう/);
});

test('no page made a request outside its own origin', () => {
  assert.deepEqual(foreign, []);
});
