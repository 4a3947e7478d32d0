// The staff desk page: signs in with the token from the link's #token= fragment, follows the registry's staff
// stream (Server-Sent Events read with fetch(), since EventSource cannot send the bearer token), and shows the
// municipality's waiting citizens and bad-experience alerts. No framework and nothing from another site.
//
// Index: [SECTION] Token  [SECTION] Texts  [SECTION] Stream  [SECTION] Drawing  [SECTION] Actions
//        [SECTION] Sound and notifications  [SECTION] Start
import { TEXT, LANGUAGES } from './i18n.js';

const TOKEN_KEY = 'bk-staff-token';
const LANG_KEY = 'bk-staff-lang';
const API = '../v1/';                 // relative: works behind a proxy that serves the registry under a prefix
const WATCHDOG_MS = 45_000;           // the registry sends a heartbeat every 15 s; silence this long = dead
const BACKOFF_MAX_MS = 30_000;
const LONG_STREAM_MS = 5_000;         // a stream that lasted this long and ended cleanly is followed at once

const state = {
  token: '',
  lang: 'da',
  calls: [],            // the last desk list, with `seen_at` (performance.now()) for counting up
  alerts: [],
  known_ids: null,      // ids of calls already announced (null until the first list)
  connection: 'connecting',  // connecting | live | reconnecting | signed_out
  signed_out_reason: '',     // 'no_token' (never signed in here) or 'revoked' (the registry refused the token)
  retry_ms: 2000,            // the stream's retry field: the wait before reconnecting
  audio: null,          // AudioContext once sound is turned on by a tap
  notes: new Map(),     // alert id -> the note being typed (kept across redraws)
  places: new Map(),    // kiosk id -> its location name, from its calls (alerts name only the kiosk id)
};

const $ = (id) => document.getElementById(id);

// [SECTION] Token

function ReadToken() {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(location.hash);
  if (match) {
    localStorage.setItem(TOKEN_KEY, match[1]);
    // The token leaves the address bar, so it is not in a bookmark, a screenshot or a shared link.
    history.replaceState(null, '', location.pathname + location.search);
  }
  return localStorage.getItem(TOKEN_KEY) || '';
}

function SignOut(reason) {
  state.connection = 'signed_out';
  state.signed_out_reason = reason;
  Draw();
}

// [SECTION] Texts

function T(key, values = {}) {
  const text = (TEXT[state.lang] && TEXT[state.lang][key]) || TEXT.da[key] || key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in values ? String(values[name]) : ''));
}

// A title object from the catalogue ({da: ..., en: ...}) in the page language, Danish first as fallback.
function Title(titles) {
  if (!titles || typeof titles !== 'object') return '';
  return titles[state.lang] || titles.da || Object.values(titles)[0] || '';
}

// The citizen's language named in the page's language ("engelsk", "English", "engelsk").
function LanguageName(code) {
  if (!code) return '';
  try {
    return new Intl.DisplayNames([state.lang], { type: 'language' }).of(code) || code;
  } catch {
    return code;
  }
}

function Duration(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return T('seconds_only', { s });
  if (s < 3600) return T('minutes_seconds', { m: Math.floor(s / 60), s: String(s % 60).padStart(2, '0') });
  return T('hours_minutes', { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60) });
}

// A limit such as escalate_after_s: "30 s", "3 min", "2 min 30 s".
function Limit(seconds) {
  if (seconds >= 60 && seconds % 60 === 0 && seconds < 3600) return T('minutes_only', { m: seconds / 60 });
  return Duration(seconds);
}

function ClockTime(ms) {
  return new Date(ms).toLocaleTimeString(state.lang === 'en' ? 'en-GB' : state.lang, { hour: '2-digit', minute: '2-digit' });
}

function SetLanguage(lang) {
  state.lang = LANGUAGES.includes(lang) ? lang : 'da';
  localStorage.setItem(LANG_KEY, state.lang);
  document.documentElement.lang = state.lang;
  document.title = T('title');
  for (const element of document.querySelectorAll('[data-text]')) element.textContent = T(element.dataset.text);
  for (const button of document.querySelectorAll('button.lang')) {
    button.setAttribute('aria-pressed', String(button.dataset.lang === state.lang));
  }
  Draw();
}

// [SECTION] Stream

// Splits the body into events at blank lines (SSE: "event:", "data:", "retry:", ":" comments).
function ParseEvents(buffer, onEvent) {
  const blocks = buffer.split(/\r?\n\r?\n/);
  const rest = blocks.pop();
  for (const block of blocks) {
    let name = 'message';
    const data = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') name = value;
      else if (field === 'data') data.push(value);
      else if (field === 'retry' && /^\d+$/.test(value)) state.retry_ms = Number(value);
    }
    onEvent(name, data.join('\n'));
  }
  return rest;
}

async function FollowStream() {
  let failures = 0;
  while (state.connection !== 'signed_out') {
    const controller = new AbortController();
    let watchdog = setTimeout(() => controller.abort(), WATCHDOG_MS);
    const feed = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => controller.abort(), WATCHDOG_MS);
    };
    let wait_ms = 0;
    let ended_cleanly = false;
    const opened_at = performance.now();
    try {
      const response = await fetch(API + 'staff/stream', {
        headers: { Authorization: 'Bearer ' + state.token, Accept: 'text/event-stream' },
        cache: 'no-store',
        signal: controller.signal,
      });
      if (response.status === 401 || response.status === 403) {
        SignOut('revoked');
        break;
      }
      if (!response.ok || !response.body) {
        wait_ms = 1000 * Number(response.headers.get('Retry-After') || 0);
        throw new Error('stream answered ' + response.status);
      }
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          ended_cleanly = true;
          break;
        }
        feed();
        buffer = ParseEvents(buffer + decoder.decode(value, { stream: true }), (name, data) => {
          if (name !== 'desk') return;
          failures = 0;
          ShowDesk(JSON.parse(data));
        });
      }
    } catch (error) {
      failures += 1;
    } finally {
      clearTimeout(watchdog);
    }
    if (state.connection === 'signed_out') break;
    // The server ends each stream after --stream-max-s: a long one that ended cleanly is followed at once and
    // the page stays "live". Anything else says "reconnecting" and waits the server's retry time, failures
    // backing off up to 30 s.
    if (ended_cleanly && failures === 0 && performance.now() - opened_at > LONG_STREAM_MS) continue;
    state.connection = 'reconnecting';
    Draw();
    const backoff = Math.min(BACKOFF_MAX_MS, state.retry_ms * 2 ** Math.max(0, failures - 1));
    await new Promise((resolve) => setTimeout(resolve, Math.max(wait_ms, backoff)));
  }
}

function ShowDesk(desk) {
  const now = performance.now();
  state.connection = 'live';
  state.calls = (desk.calls || []).map((call) => ({ ...call, seen_at: now }));
  state.alerts = desk.alerts || [];
  for (const call of state.calls) if (call.location) state.places.set(call.kiosk_id, call.location);
  const fresh = state.known_ids ? state.calls.filter((call) => !state.known_ids.has(call.id)) : [];
  state.known_ids = new Set(state.calls.map((call) => call.id));
  for (const call of fresh) if (call.status === 'open') Announce(call);
  Draw();
}

// [SECTION] Drawing

// Seconds the call has waited: the registry's count plus the time since the list arrived, while it is open.
function WaitedSeconds(call) {
  if (call.status !== 'open') return call.waiting_s;
  return call.waiting_s + (performance.now() - call.seen_at) / 1000;
}

function IsEscalated(call) {
  return call.status === 'open' && (call.escalated || WaitedSeconds(call) > (call.escalate_after_s || 180));
}

function Place(call) {
  return call.location || T('kiosk') + ' ' + call.kiosk_id;  // a kiosk whose profile names no place
}

function DrawCall(call, item) {
  const escalated = IsEscalated(call);
  item.dataset.id = call.id;
  item.classList.toggle('escalated', escalated);
  item.classList.toggle('acknowledged', call.status === 'acknowledged');
  item.querySelector('.place').textContent = Place(call);
  item.querySelector('.wait-label').textContent = call.status === 'open' ? T('waiting_for') : T('answered_after');
  item.querySelector('.wait-time').textContent = Duration(WaitedSeconds(call));
  const escalation = item.querySelector('.escalation');
  escalation.hidden = !escalated;
  escalation.textContent = escalated ? '⚠ ' + T('escalated', { limit: Limit(call.escalate_after_s || 180) }) : '';
  const state_line = item.querySelector('.state');
  state_line.textContent = call.status === 'open' ? T('status_open') : '✓ ' + T('status_acknowledged');
  state_line.hidden = escalated;  // the escalation line already says nobody answered
  const guide_title = call.guide ? Title(call.guide.title) || call.guide.service : '';
  item.querySelector('.guide-title').textContent = guide_title;
  let step = '';
  if (call.guide && call.step !== null && call.step !== undefined) {
    const title = Title(call.step_title);
    step = title ? T('guide_step', { step: call.step + 1, title }) : T('guide_step_untitled', { step: call.step + 1 });
  } else if (!call.guide) {
    step = call.screen === 'home' ? T('screen_home') : T('no_guide');
  }
  item.querySelector('.guide-step').textContent = step;
  item.querySelector('.language').textContent = call.lang ? T('speaks', { language: LanguageName(call.lang) }) : T('language_unknown');
  item.querySelector('.kiosk').textContent = T('kiosk') + ' ' + call.kiosk_id;
  const coming = item.querySelector('.coming');
  coming.textContent = T('coming_button');
  coming.hidden = call.status !== 'open';
  item.querySelector('.done').textContent = T('done_button');
}

function DrawAlert(alert, item) {
  item.dataset.id = alert.id;
  const place = state.places.get(alert.subject);
  const subject = alert.kind === 'service' ? Title(alert.title) || alert.subject
                                           : alert.subject + (place ? ' (' + place + ')' : '');
  item.querySelector('.alert-subject').textContent =
    T(alert.kind === 'service' ? 'alert_service' : 'alert_kiosk', { subject });
  item.querySelector('.alert-counts').textContent = T('alert_counts', { unhappy: alert.unhappy, ratings: alert.ratings });
  item.querySelector('.alert-raised').textContent = T('alert_raised', { time: ClockTime(alert.raised_ts) });
  item.querySelector('.note-label').textContent = T('note_label');
  const input = item.querySelector('.note-input');
  input.placeholder = T('note_placeholder');
  if (document.activeElement !== input) input.value = state.notes.get(alert.id) || '';
  item.querySelector('.ack-alert').textContent = T('ack_alert_button');
}

// Keeps list items by id, so a redraw does not lose a half-typed note or the button under a finger.
function DrawList(list, template, entries, draw) {
  const existing = new Map([...list.children].map((item) => [item.dataset.id, item]));
  entries.forEach((entry, index) => {
    let item = existing.get(entry.id);
    if (!item) item = template.content.firstElementChild.cloneNode(true);
    existing.delete(entry.id);
    draw(entry, item);
    if (list.children[index] !== item) list.insertBefore(item, list.children[index] || null);
  });
  for (const item of existing.values()) item.remove();
}

function Draw() {
  const signed_out = state.connection === 'signed_out';
  $('desk').hidden = signed_out;
  $('signed-out').hidden = !signed_out;
  $('signed-out-text').textContent = state.signed_out_reason === 'no_token' ? T('no_token_text') : T('signed_out_text');
  const connection = $('connection');
  connection.dataset.state = state.connection;
  connection.className = 'connection ' + state.connection;
  connection.textContent = T('state_' + state.connection);
  const sound = $('sound');
  const sound_on = state.audio && state.audio.state === 'running';
  sound.textContent = sound_on ? '♪ ' + T('sound_is_on') : T('sound_on_button');
  sound.setAttribute('aria-pressed', String(Boolean(sound_on)));
  sound.hidden = signed_out;
  if (signed_out) return;

  DrawList($('call-list'), $('call-template'), state.calls, DrawCall);
  $('no-calls').hidden = state.calls.length > 0;
  const open = state.calls.filter((call) => call.status === 'open').length;
  $('call-count').textContent = state.calls.length ? '(' + state.calls.length + ')' : '';
  document.title = (open ? '(' + open + ') ' : '') + T('title');
  DrawList($('alert-list'), $('alert-template'), state.alerts, DrawAlert);
  $('no-alerts').hidden = state.alerts.length > 0;
  $('alert-count').textContent = state.alerts.length ? '(' + state.alerts.length + ')' : '';
}

// [SECTION] Actions

async function Post(path, body) {
  const response = await fetch(API + path, {
    method: 'POST',
    headers: { Authorization: 'Bearer ' + state.token, 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : '',
    cache: 'no-store',
  });
  if (response.status === 401) {
    SignOut('revoked');
    return null;
  }
  if (!response.ok) throw new Error(String(response.status));
  return response.json();
}

// The button waits for the registry; the stream then brings the new list to every signed-in page.
async function Act(button, path, body, after) {
  button.disabled = true;
  $('action-error').hidden = true;
  try {
    const answer = await Post(path, body);
    if (answer && after) after(answer);
  } catch (error) {
    // 409: the citizen cancelled or a colleague finished the call meanwhile; the stream removes it.
    $('action-error').textContent = error.message === '409' ? T('call_closed') : T('action_failed');
    $('action-error').hidden = false;
  } finally {
    button.disabled = false;
  }
}

function OnListClick(event) {
  const button = event.target.closest('button');
  const item = event.target.closest('li');
  if (!button || !item) return;
  const id = item.dataset.id;
  const call = state.calls.find((entry) => entry.id === id);
  if (button.classList.contains('coming') || button.classList.contains('done')) {
    const action = button.classList.contains('coming') ? 'ack' : 'resolve';
    Act(button, 'help-requests/' + id + '/' + action, null, (answer) => {
      if (!call) return;
      if (answer.status === 'resolved') state.calls = state.calls.filter((entry) => entry.id !== id);
      else Object.assign(call, answer, { seen_at: performance.now() });
      Draw();
    });
  } else if (button.classList.contains('ack-alert')) {
    const note = item.querySelector('.note-input').value.trim();
    Act(button, 'staff/alerts/' + id + '/ack', note ? { note } : null, () => {
      state.notes.delete(id);
      state.alerts = state.alerts.filter((entry) => entry.id !== id);
      Draw();
    });
  }
}

// [SECTION] Sound and notifications

// Browsers allow sound only after a tap on the page: the button makes the AudioContext and asks for
// notifications in the same gesture.
function TurnOnSound() {
  if (!state.audio) state.audio = new AudioContext();
  state.audio.resume().then(() => {
    Beep();
    Draw();
  });
  if ('Notification' in window && Notification.permission === 'default') Notification.requestPermission();
}

function Beep() {
  const audio = state.audio;
  if (!audio || audio.state !== 'running') return;
  // Two rising tones: noticeable on a busy floor without being an alarm.
  [[660, 0], [880, 0.18]].forEach(([frequency, start]) => {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, audio.currentTime + start);
    gain.gain.exponentialRampToValueAtTime(0.4, audio.currentTime + start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + start + 0.16);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(audio.currentTime + start);
    oscillator.stop(audio.currentTime + start + 0.17);
  });
}

function Announce(call) {
  Beep();
  // Counted on the page, so the browser test sees each announcement (the beep itself cannot be heard there).
  document.body.dataset.announced = String(Number(document.body.dataset.announced || 0) + 1);
  if ('Notification' in window && Notification.permission === 'granted') {
    try {
      const notification = new Notification(T('notification_title'),
                                            { body: T('notification_body', { place: Place(call), kiosk: call.kiosk_id }), tag: call.id });
      notification.onclick = () => window.focus();  // a tap on it brings the desk page forward
    } catch {
      // Some phones allow notifications only from a service worker; the sound and the list still tell.
    }
  }
}

// [SECTION] Start

function Start() {
  state.token = ReadToken();
  SetLanguage(localStorage.getItem(LANG_KEY) || 'da');  // Danish first; the switch remembers a choice
  for (const button of document.querySelectorAll('button.lang')) {
    button.addEventListener('click', () => SetLanguage(button.dataset.lang));
  }
  $('sound').addEventListener('click', TurnOnSound);
  $('call-list').addEventListener('click', OnListClick);
  $('alert-list').addEventListener('click', OnListClick);
  $('alert-list').addEventListener('input', (event) => {
    const item = event.target.closest('li');
    if (item) state.notes.set(item.dataset.id, event.target.value);
  });
  $('sign-out').addEventListener('click', () => {
    localStorage.removeItem(TOKEN_KEY);
    SignOut('no_token');
  });
  // The waiting times count up between lists, once a second.
  setInterval(() => {
    if (state.connection !== 'signed_out' && state.calls.length) Draw();
  }, 1000);
  if (!state.token) return SignOut('no_token');
  Draw();
  FollowStream();
}

Start();
