// The staff desk page in a real browser (Debian's chromium, headless, driven by puppeteer-core) against a real
// registry-stub on loopback, with help calls made by the kiosk's own code (help_call_kiosk, telemetry::HelpCalls).
// Signs in through the link `staff add` prints, sees a call appear without a reload, answers it, sees the kiosk
// get the answer, sees an unanswered call turn red, and is signed out when the token is revoked. Every wait has
// a deadline; nothing sleeps. Screenshots at phone and desktop size go to $BK_ARTIFACTS.
//
// Run by CTest (tests/web/CMakeLists.txt sets the paths below); `npm ci` in tests/web installs puppeteer-core.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const here = path.dirname(fileURLToPath(import.meta.url));

const REGISTRY = process.env.BK_REGISTRY_STUB;
const KIOSK = process.env.BK_HELP_CALL_KIOSK;
const CHROMIUM = process.env.BK_CHROMIUM || '/usr/bin/chromium';
const SERVICES = process.env.BK_SERVICES;
const ARTIFACTS = process.env.BK_ARTIFACTS || path.join(tmpdir(), 'bk-staff-page-artifacts');

// [SECTION] Processes

// A child whose stdout lines can be awaited: `await child.Line(/regex/, ms)` resolves with the match.
function Start(command, args) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  const waiters = [];
  let exited = null;
  const exit_waiters = [];
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    for (const waiter of [...waiters]) waiter();
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  child.on('exit', (code, signal) => {
    exited = { code, signal };
    for (const waiter of [...waiters]) waiter();
    for (const resolve of exit_waiters) resolve(exited);
  });
  return {
    child,
    Stderr: () => stderr,
    Line(pattern, timeout_ms) {
      return new Promise((resolve, reject) => {
        const check = () => {
          for (const line of lines) {
            const match = pattern.exec(line);
            if (match) return finish(null, match);
          }
          if (exited) finish(new Error(`${path.basename(command)} exited (${JSON.stringify(exited)}) before ${pattern}: ${stderr}`));
        };
        const timer = setTimeout(() => finish(new Error(`no line ${pattern} within ${timeout_ms} ms; got ${JSON.stringify(lines)} ${stderr}`)), timeout_ms);
        const finish = (error, match) => {
          clearTimeout(timer);
          waiters.splice(waiters.indexOf(check), 1);
          error ? reject(error) : resolve(match);
        };
        waiters.push(check);
        check();
      });
    },
    Exit(timeout_ms) {
      if (exited) return Promise.resolve(exited);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${path.basename(command)} still running after ${timeout_ms} ms`)), timeout_ms);
        exit_waiters.push((value) => { clearTimeout(timer); resolve(value); });
      });
    },
    Stop() { if (!exited) child.kill('SIGTERM'); },
  };
}

function Cli(...args) {
  return execFileSync(REGISTRY, args, { encoding: 'utf8' });
}

// A UUIDv7 for an event id, as the kiosk makes them.
function UuidV7(ts, counter) {
  const t = ts.toString(16).padStart(12, '0');
  const c = counter.toString(16).padStart(12, '0');
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7000-8000-${c}`;
}

// Four unhappy ratings: enough for an alert on bad experiences (at least 4 in 15 min, half of them 1 or 2).
async function RateBadly(base_url, kiosk_token, kiosk_id) {
  const now = Date.now();
  const events = [1, 2, 1, 1].map((rating, index) => ({
    id: UuidV7(now - 4000 + index, index + 1), type: 'feedback_submitted', ts: now - 4000 + index,
    session: 'cccc000' + index, seq: index + 1, lang: 'da', content_version: '2026.11.1', app_version: '0.1.0',
    service: 'mitid-app', service_version: 1, data: { rating, task_done: 'no', reasons: [] },
  }));
  const response = await fetch(base_url + '/v1/events', {
    method: 'POST',
    headers: { Authorization: 'Bearer ' + kiosk_token, 'Content-Type': 'application/json' },
    body: JSON.stringify({ kiosk_id: kiosk_id, events }),
  });
  const answer = await response.json();
  assert.equal(answer.accepted, 4, JSON.stringify(answer));
}

// [SECTION] The tests

test('staff page texts: the same keys in da, en and nb, none empty', async () => {
  const { TEXT, LANGUAGES } = await import(path.join(here, '../../backend-stub/web/staff/i18n.js'));
  assert.deepEqual(LANGUAGES, ['da', 'en', 'nb']);
  const keys = Object.keys(TEXT.da).sort();
  for (const lang of LANGUAGES) {
    assert.deepEqual(Object.keys(TEXT[lang]).sort(), keys, lang);
    for (const key of keys) assert.ok(TEXT[lang][key].trim(), `${lang}.${key} is empty`);
  }
});

test('staff desk page: sign in, live calls, answer, escalation, alerts, sign out', { timeout: 180_000 }, async (t) => {
  assert.ok(REGISTRY && KIOSK, 'BK_REGISTRY_STUB and BK_HELP_CALL_KIOSK must be set (CTest sets them)');
  const dir = mkdtempSync(path.join(tmpdir(), 'bk-staff-page-'));
  mkdirSync(ARTIFACTS, { recursive: true });
  const db = path.join(dir, 'registry.db');
  const kiosk_token = Cli('kiosk', 'add', '--db', db, '--municipality', 'odder', '--id', 'kiosk-1').split('\n')[0].trim();
  // Streams end after 10 s (the shortest --stream-max-s), so the page follows several while the test runs.
  const serve_args = ['serve', '--db', db, '--listen', '127.0.0.1:0', '--token-cache-s', '1', '--stream-max-s', '10'];
  if (SERVICES) serve_args.push('--services', SERVICES);
  let registry = Start(REGISTRY, serve_args);
  const kiosks = [];
  let browser = null;
  t.after(async () => {
    if (browser) await browser.close();
    for (const kiosk of kiosks) kiosk.Stop();
    registry.Stop();
    await registry.Exit(10_000).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  });
  const [, port] = await registry.Line(/^listening on 127\.0\.0\.1:(\d+)$/, 15_000);
  const base_url = `http://127.0.0.1:${port}`;
  const link = Cli('staff', 'add', '--db', db, '--municipality', 'odder', '--name', 'desk-1', '--base-url', base_url)
    .split('\n')[1].trim();
  assert.match(link, new RegExp(`^${base_url}/staff/#token=[0-9a-f]{64}$`));
  const call_kiosk = (...args) => {
    const kiosk = Start(KIOSK, ['--registry', base_url, '--kiosk', 'kiosk-1', '--token', kiosk_token, ...args]);
    kiosks.push(kiosk);
    return kiosk;
  };

  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--lang=da-DK'],
  });
  await browser.defaultBrowserContext().overridePermissions(base_url, ['notifications']);
  const page = await browser.newPage();
  // Records the notifications the page shows (the headless browser draws none) and each connection state.
  await page.evaluateOnNewDocument(() => {
    window.bk_states = [];
    new MutationObserver(() => {
      const state = document.getElementById('connection')?.dataset.state;
      if (state && window.bk_states[window.bk_states.length - 1] !== state) window.bk_states.push(state);
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-state'] });
    window.bk_notifications = [];
    const Real = window.Notification;
    window.Notification = class extends Real {
      constructor(title, options) {
        super(title, options);
        window.bk_notifications.push(title + ' | ' + (options && options.body));
      }
    };
  });
  const page_errors = [];
  page.on('pageerror', (error) => page_errors.push(error.message));
  page.on('console', (message) => {
    // The browser logs each 401 itself (expected once the token is revoked); anything else is the page's.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) page_errors.push(message.text());
  });
  await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 1 });

  // [SECTION] Sign in through the printed link
  const response = await page.goto(link, { waitUntil: 'domcontentloaded' });
  const headers = response.headers();
  assert.match(headers['content-security-policy'], /script-src 'self'/);
  assert.doesNotMatch(headers['content-security-policy'], /unsafe-inline/);
  assert.equal(headers['referrer-policy'], 'no-referrer');
  assert.equal(headers['cache-control'], 'no-cache');
  assert.match(headers['content-type'], /^text\/html/);
  await page.waitForSelector('#connection[data-state="live"]', { timeout: 10_000 });
  assert.equal(page.url(), base_url + '/staff/', 'the token left the address bar');
  assert.equal(await page.evaluate(() => localStorage.getItem('bk-staff-token')), link.split('#token=')[1]);
  assert.equal(await page.$eval('#calls-heading', (e) => e.textContent.trim()), 'Borgere der venter', 'Danish first');
  await page.evaluate(() => { window.bk_same_page = true; });  // gone if the page reloads

  // Sound needs one tap on the page; the same tap asks for notifications (granted above).
  await page.click('#sound');
  await page.waitForFunction(() => document.querySelector('#sound').getAttribute('aria-pressed') === 'true',
                             { timeout: 5_000 });
  assert.match(await page.$eval('#sound', (e) => e.textContent), /Lyd er slået til/);

  // [SECTION] A call from a kiosk whose profile escalates after 30 s (the kiosk's HelpCalls, as every call here)
  const escalating = call_kiosk('--location', 'Odder Bibliotek, ved indgangen', '--service', 'mitid-app', '--step', '1',
                                '--lang', 'uk', '--escalate-after-s', '30', '--until', 'acknowledged', '--timeout-s', '150');
  const [, escalating_id] = await escalating.Line(/^status open ([0-9a-f]+)$/, 10_000);
  const card = `li.call[data-id="${escalating_id}"]`;
  await page.waitForSelector(card, { timeout: 5_000 });
  const text = await page.$eval(card, (e) => e.innerText);
  assert.match(text, /Odder Bibliotek, ved indgangen/);
  assert.match(text, /Kiosk kiosk-1/);
  assert.match(text, /Kom i gang med MitID-appen/, 'the guide title in Danish');
  assert.match(text, /Trin 2: Hent appen/, 'the step title in Danish');
  assert.match(text, /ukrainsk/, "the citizen's language named in Danish");
  assert.match(text, /Ingen har svaret endnu/);
  const first_wait = await page.$eval(`${card} .wait-time`, (e) => e.textContent);
  await page.waitForFunction((selector, before) => document.querySelector(selector).textContent !== before,
                             { timeout: 5_000 }, `${card} .wait-time`, first_wait);  // counts up by itself

  // [SECTION] The kiosk's own help call appears without a reload, within 2 s; "Jeg kommer" reaches the kiosk
  const kiosk = call_kiosk('--location', 'Odder Bibliotek, 1. sal', '--service', 'mitid-app', '--step', '0',
                           '--lang', 'en', '--until', 'acknowledged', '--timeout-s', '60');
  await kiosk.Line(/^requested$/, 10_000);
  const tapped_at = Date.now();
  const [, answered_id] = await kiosk.Line(/^status open ([0-9a-f]+)$/, 10_000);
  const answered_card = `li.call[data-id="${answered_id}"]`;
  await page.waitForSelector(`${answered_card} button.coming`, { visible: true, timeout: 5_000 });
  const appeared_ms = Date.now() - tapped_at;
  console.log(`# the call was on the page ${appeared_ms} ms after the kiosk's help tap`);
  assert.ok(appeared_ms <= 2_000, `the call took ${appeared_ms} ms to appear`);
  assert.equal(await page.evaluate(() => window.bk_same_page), true, 'no reload');
  assert.match(await page.$eval(answered_card, (e) => e.innerText), /engelsk/);
  // Both new calls were announced (sound and notification); the second names its place.
  assert.equal(await page.evaluate(() => document.body.dataset.announced), '2');
  const notifications = await page.evaluate(() => window.bk_notifications);
  assert.equal(notifications.length, 2, JSON.stringify(notifications));
  assert.equal(notifications[1], 'En borger venter på hjælp | Odder Bibliotek, 1. sal – kiosk kiosk-1');
  assert.equal(await page.$eval(`${answered_card} button.coming`, (e) => e.textContent), 'Jeg kommer');
  const clicked_at = Date.now();
  await page.click(`${answered_card} button.coming`);
  await kiosk.Line(/^status acknowledged /, 10_000);
  const acknowledged_ms = Date.now() - clicked_at;
  console.log(`# the kiosk saw the acknowledgement ${acknowledged_ms} ms after the tap on "Jeg kommer" ` +
              '(it polls its call at HelpCallsConfig::poll_interval_ms)');
  assert.ok(acknowledged_ms <= 2_000, `the citizen waited ${acknowledged_ms} ms for the acknowledgement`);
  assert.equal((await kiosk.Exit(5_000)).code, 0);
  await page.waitForFunction((selector) => document.querySelector(selector)?.classList.contains('acknowledged'),
                             { timeout: 5_000 }, answered_card);
  assert.match(await page.$eval(answered_card, (e) => e.innerText), /En medarbejder er på vej/);

  // [SECTION] An alert on bad experiences
  await RateBadly(base_url, kiosk_token, 'kiosk-1');
  await page.waitForSelector('li.alert', { timeout: 5_000 });

  // [SECTION] Unanswered past its escalate_after_s: red, and said in words
  await page.waitForSelector(`${card}.escalated`, { timeout: 45_000 });
  assert.match(await page.$eval(card, (e) => e.innerText), /Har ventet over 30 s uden svar/);
  const background = await page.$eval(card, (e) => getComputedStyle(e).backgroundColor);
  assert.notEqual(background, 'rgb(255, 255, 255)', 'an escalated call is coloured');
  assert.equal(await page.$$eval('li.alert', (items) => items.length), 2, 'one alert for the kiosk, one for the guide');
  await page.mouse.move(1, 1);  // no button drawn as hovered
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(ARTIFACTS, 'staff-phone.png') });
  await page.setViewport({ width: 1280, height: 800, deviceScaleFactor: 1 });
  await page.waitForFunction(() => getComputedStyle(document.querySelector('main')).gridTemplateColumns.split(' ').length === 2,
                             { timeout: 5_000 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(ARTIFACTS, 'staff-desktop.png') });

  // The alert is acknowledged with a note; the escalated call is answered, then both calls are done.
  const alert_ids = await page.$$eval('li.alert', (items) => items.map((item) => item.dataset.id));
  await page.type(`li.alert[data-id="${alert_ids[0]}"] .note-input`, 'Talt med borgeren');
  await page.click(`li.alert[data-id="${alert_ids[0]}"] button.ack-alert`);
  await page.waitForSelector(`li.alert[data-id="${alert_ids[0]}"]`, { hidden: true, timeout: 5_000 });
  const acknowledged = await (await fetch(base_url + '/v1/staff/alerts?status=acknowledged', {
    headers: { Authorization: 'Bearer ' + link.split('#token=')[1] },
  })).json();
  assert.equal(JSON.stringify(acknowledged).includes('Talt med borgeren'), true, JSON.stringify(acknowledged));
  await page.click(`li.alert[data-id="${alert_ids[1]}"] button.ack-alert`);
  await page.waitForSelector('#no-alerts', { visible: true, timeout: 5_000 });
  await page.click(`${card} button.coming`);
  await page.waitForFunction((selector) => document.querySelector(selector)?.classList.contains('acknowledged'),
                             { timeout: 5_000 }, card);
  assert.equal(await page.$eval(`${card} .escalation`, (e) => e.hidden), true, 'answered: no longer red');
  await escalating.Line(/^status acknowledged /, 10_000);
  for (const selector of [card, answered_card]) {
    await page.waitForSelector(`${selector} button.done`, { visible: true, timeout: 5_000 });
    await page.click(`${selector} button.done`);
    await page.waitForSelector(selector, { hidden: true, timeout: 5_000 });
  }
  await page.waitForSelector('#no-calls', { visible: true, timeout: 5_000 });

  // [SECTION] Streams the registry ended after --stream-max-s were followed at once: the page stayed live
  const states = await page.evaluate(() => window.bk_states);
  assert.deepEqual(states.filter((state) => state !== 'connecting'), ['live'], JSON.stringify(states));

  // [SECTION] The registry restarts: the page says it is reconnecting, then is live again by itself
  registry.Stop();
  await registry.Exit(15_000);
  await page.waitForSelector('#connection[data-state="reconnecting"]', { timeout: 10_000 });
  assert.equal(await page.$eval('#connection', (e) => e.textContent), 'Forbinder igen …');
  registry = Start(REGISTRY, serve_args.map((arg) => (arg === '127.0.0.1:0' ? `127.0.0.1:${port}` : arg)));
  await registry.Line(/^listening on /, 15_000);
  await page.waitForSelector('#connection[data-state="live"]', { timeout: 30_000 });
  assert.equal(await page.evaluate(() => window.bk_same_page), true, 'reconnected without a reload');

  // [SECTION] The language switch
  await page.click('button.lang[data-lang="en"]');
  assert.equal(await page.$eval('#calls-heading', (e) => e.textContent.trim()), 'Citizens waiting');
  await page.click('button.lang[data-lang="nb"]');
  assert.equal(await page.$eval('#calls-heading', (e) => e.textContent.trim()), 'Innbyggere som venter');
  await page.click('button.lang[data-lang="da"]');

  // [SECTION] A revoked token is signed out, and says what to do
  Cli('staff', 'revoke', '--db', db, '--municipality', 'odder', '--name', 'desk-1');
  // A change wakes the open stream, which then checks its token (the registry's cache holds it for 1 s).
  const wake = call_kiosk('--location', 'Odder Bibliotek', '--until', 'open', '--timeout-s', '30');
  assert.equal((await wake.Exit(30_000)).code, 0);
  await page.waitForSelector('#signed-out', { visible: true, timeout: 40_000 });
  assert.match(await page.$eval('#signed-out', (e) => e.innerText), /Du er logget ud[\s\S]*nyt link/);
  assert.equal(await page.$eval('#connection', (e) => e.dataset.state), 'signed_out');

  assert.deepEqual(page_errors, [], 'no script errors on the page');
});
