// Staff stream benchmark (printed, not gating; `make bench` runs it): what 200 open staff pages cost the
// registry. Two runs against one real registry-stub on loopback, the same work in each: 4 kiosks ingest events
// in batches of 500 while /health is probed every 20 ms and a help call is made (and resolved 1 s later) again and again;
// first with no staff page open, then with STREAMS pages following /v1/staff/stream the way the page does
// (fetch + body reader, in a child process so their parsing does not slow this one). Prints the ingest rate
// and /health latency of both runs, and the time from a kiosk sending a help call to its arrival on every stream.
//
// Usage: node tests/bench/staff_stream_bench.mjs [BUILD_DIR=build] [STREAMS=200] [EVENTS=100000]
import { fork, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const now_ns = () => process.hrtime.bigint();  // CLOCK_MONOTONIC: comparable between the two processes
const ms_since = (start) => Number(now_ns() - start) / 1e6;

// [SECTION] The stream readers (child process)

async function FollowStream(base_url, token, seen, on_first) {
  const response = await fetch(base_url + '/v1/staff/stream', { headers: { Authorization: 'Bearer ' + token } });
  if (response.status !== 200) throw new Error('stream answered ' + response.status);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const known = new Set();
  let buffer = '';
  let first = true;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    const blocks = buffer.split('\n\n');
    buffer = blocks.pop();
    for (const block of blocks) {
      const data = block.split('\n').find((line) => line.startsWith('data: '));
      if (!data) continue;
      const at = now_ns();
      for (const call of JSON.parse(data.slice(6)).calls) {
        if (known.has(call.id)) continue;
        known.add(call.id);
        if (!seen.has(call.id)) seen.set(call.id, []);
        seen.get(call.id).push(at.toString());
      }
      if (first) { first = false; on_first(); }
    }
  }
}

async function Readers(base_url, token, count) {
  const seen = new Map();  // call id -> receive times (ns) on each stream
  let ready = 0;
  for (let i = 0; i < count; i++) {
    FollowStream(base_url, token, seen, () => { if (++ready === count) process.send({ ready }); })
      .catch((error) => process.send({ error: String(error) }));
  }
  process.on('message', (message) => {
    if (message === 'report') process.send({ seen: Object.fromEntries(seen) });
    if (message === 'stop') process.exit(0);
  });
}

// [SECTION] The load (this process)

function Uuid7(ts) {
  const t = ts.toString(16).padStart(12, '0');
  const r = randomBytes(10).toString('hex');
  return `${t.slice(0, 8)}-${t.slice(8)}-7${r.slice(0, 3)}-${(8 + (parseInt(r[3], 16) & 3)).toString(16)}${r.slice(4, 7)}-${r.slice(7, 19)}`;
}

// Batches of 500 events of whole sessions (a guide opened, four steps, abandoned), stamped around now.
function Bodies(kiosk_id, count) {
  const events = [];
  let ts = Date.now() - 3_600_000;
  let seq = 0;
  const event = (type, session, extra = {}, data = {}) => {
    ts += 50;
    events.push({ id: Uuid7(ts), type, ts, session, seq: ++seq, lang: 'da', content_version: '2026.11.1',
                  app_version: '0.1.0', ...extra, data });
  };
  while (events.length < count) {
    const session = randomBytes(8).toString('hex');
    const guide = { service: 'mitid-app', service_version: 1 };
    event('session_started', session);
    event('guide_opened', session, guide);
    for (let step = 0; step < 4; step++) event('step_viewed', session, { ...guide, step }, { steps_total: 4 });
    event('guide_abandoned', session, { ...guide, step: 3 }, { reason: 'idle', steps_total: 4 });
    event('session_ended', session, {}, { reason: 'finished', duration_ms: 90000, staff_assisted: false });
  }
  const bodies = [];
  for (let i = 0; i < count; i += 500) bodies.push(JSON.stringify({ kiosk_id, events: events.slice(i, i + 500) }));
  return bodies;
}

function Percentile(values, p) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function Run(base_url, kiosks, events) {
  const lanes = kiosks.map((kiosk) => ({ ...kiosk, bodies: Bodies(kiosk.id, events / kiosks.length) }));
  const health_ms = [];
  const calls = [];  // {id, sent_ns}: when the kiosk sent the call
  let ingesting = true;
  const prober = (async () => {
    while (ingesting) {
      const start = now_ns();
      const response = await fetch(base_url + '/health');
      await response.arrayBuffer();
      health_ms.push(ms_since(start));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const caller = (async () => {
    const kiosk = kiosks[0];
    const headers = { Authorization: 'Bearer ' + kiosk.token, 'Content-Type': 'application/json' };
    while (ingesting) {
      const sent_ns = now_ns();
      const response = await fetch(base_url + '/v1/help-requests', {
        method: 'POST', headers, body: JSON.stringify({ kiosk_id: kiosk.id, screen: 'home', location: 'Bench' }),
      });
      const call = await response.json();
      calls.push({ id: call.id, sent_ns });
      await new Promise((resolve) => setTimeout(resolve, 1000));  // staff answer: every page has it by then
      await (await fetch(base_url + `/v1/help-requests/${call.id}/resolve`, { method: 'POST', headers })).arrayBuffer();
    }
  })();
  let failures = 0;
  const start = now_ns();
  await Promise.all(lanes.map(async (lane) => {
    for (const body of lane.bodies) {
      const response = await fetch(base_url + '/v1/events', {
        method: 'POST', headers: { Authorization: 'Bearer ' + lane.token, 'Content-Type': 'application/json' }, body,
      });
      const answer = await response.json();
      if (response.status !== 200 || answer.accepted !== 500) failures++;
    }
  }));
  const seconds = ms_since(start) / 1000;
  ingesting = false;
  await Promise.all([prober, caller]);
  return { rate: events / seconds, health_ms, calls, failures };
}

function Print(label, result) {
  const h = result.health_ms;
  console.log(`${label}: ingest ${result.rate.toFixed(0)} events/s${result.failures ? ` (${result.failures} failed batches)` : ''}; ` +
              `/health p50 ${Percentile(h, 50).toFixed(2)} ms, p99 ${Percentile(h, 99).toFixed(2)} ms, ` +
              `max ${Math.max(...h).toFixed(2)} ms (${h.length} probes); ${result.calls.length} help calls`);
}

async function Main() {
  const build = process.argv[2] || 'build';
  const streams = Number(process.argv[3] || 200);
  const events = Number(process.argv[4] || 100_000);
  const registry_stub = path.resolve(build, 'backend-stub/registry-stub');
  const dir = mkdtempSync(path.join(tmpdir(), 'bk-stream-bench-'));
  const db = path.join(dir, 'registry.db');
  const cli = (...args) => execFileSync(registry_stub, args, { encoding: 'utf8' });
  const kiosks = [1, 2, 3, 4].map((n) => {
    const id = 'bench-' + n;
    return { id, token: cli('kiosk', 'add', '--db', db, '--municipality', 'odder', '--id', id).split('\n')[0].trim() };
  });
  const staff = cli('staff', 'add', '--db', db, '--municipality', 'odder', '--name', 'bench').split('\n')[0].trim();
  const server = spawn(registry_stub, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--rate-limit', '0',
                                       '--services', path.join(here, '../../content/services')],
                       { stdio: ['ignore', 'pipe', 'ignore'] });
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('registry-stub did not start in 15 s')), 15_000);
    readline.createInterface({ input: server.stdout }).on('line', (line) => {
      const match = /^listening on 127\.0\.0\.1:(\d+)$/.exec(line);
      if (match) { clearTimeout(timer); resolve(Number(match[1])); }
    });
  });
  const base_url = `http://127.0.0.1:${port}`;
  console.log(`staff_stream_bench: ${registry_stub}, ${events} events per run from 4 kiosks, ${streams} staff streams`);
  try {
    Print('no staff pages open', await Run(base_url, kiosks, events));

    const readers = fork(fileURLToPath(import.meta.url), ['--readers', base_url, staff, String(streams)]);
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${streams} streams not ready in 60 s`)), 60_000);
      readers.on('message', (message) => {
        if (message.error) { clearTimeout(timer); reject(new Error(message.error)); }
        if (message.ready) { clearTimeout(timer); resolve(); }
      });
    });
    const with_streams = await Run(base_url, kiosks, events);
    Print(`${streams} staff pages open`, with_streams);
    readers.send('report');
    const { seen } = await new Promise((resolve) => readers.once('message', resolve));
    readers.send('stop');
    const delays = [];
    let missing = 0;
    for (const call of with_streams.calls) {
      const times = seen[call.id] || [];
      missing += streams - times.length;
      for (const at of times) delays.push(Number(BigInt(at) - call.sent_ns) / 1e6);
    }
    console.log(`help call sent -> on each of the ${streams} streams: p50 ${Percentile(delays, 50).toFixed(1)} ms, ` +
                `p95 ${Percentile(delays, 95).toFixed(1)} ms, max ${Math.max(...delays).toFixed(1)} ms ` +
                `(${delays.length} deliveries, ${missing} missing; target <= 1000 ms)`);
  } finally {
    server.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--readers') Readers(process.argv[3], process.argv[4], Number(process.argv[5]));
else Main().catch((error) => { console.error(error); process.exit(1); });
