#include "src/storage/schema_migrations.h"

namespace bk::registry {

namespace {

// v1: tenants' tokens, kiosks, the raw events, help calls.
constexpr const char* kSqliteV1 = R"SQL(
CREATE TABLE tokens (
    hash TEXT PRIMARY KEY,            -- SHA-256 hex of the token; the token itself is never stored
    kind TEXT NOT NULL CHECK (kind IN ('kiosk', 'reader')),
    municipality TEXT NOT NULL,
    kiosk_id TEXT,
    name TEXT,
    created_ts INTEGER NOT NULL
);
CREATE TABLE kiosks (
    kiosk_id TEXT PRIMARY KEY,
    municipality TEXT NOT NULL,
    created_ts INTEGER NOT NULL,
    last_seen_ts INTEGER,
    last_backlog INTEGER,
    last_heartbeat_ts INTEGER,
    events_received INTEGER NOT NULL DEFAULT 0,
    max_seq INTEGER NOT NULL DEFAULT 0,
    seq_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX kiosks_municipality ON kiosks (municipality);
CREATE TABLE events (
    id TEXT NOT NULL UNIQUE,          -- UUIDv7 from the kiosk: the dedupe key
    municipality TEXT NOT NULL,
    kiosk_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    ts INTEGER NOT NULL,
    type TEXT NOT NULL,
    session TEXT NOT NULL,
    service TEXT,
    service_version INTEGER,
    step INTEGER,
    received_ts INTEGER NOT NULL,
    body TEXT NOT NULL
);
-- Reports only read raw events at the ragged edges of a range; this index finds them.
CREATE INDEX events_municipality_ts ON events (municipality, ts);
CREATE TABLE help_requests (
    id TEXT PRIMARY KEY,
    municipality TEXT NOT NULL,
    kiosk_id TEXT NOT NULL,
    session TEXT NOT NULL,
    screen TEXT NOT NULL,
    service TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved')),
    created_ts INTEGER NOT NULL,
    ack_ts INTEGER,
    resolved_ts INTEGER
);
CREATE INDEX help_requests_municipality ON help_requests (municipality, status, created_ts);
)SQL";

// v2: aggregates maintained on ingest so reports stay fast as events grow (see aggregates.h).
constexpr const char* kSqliteV2 = R"SQL(
CREATE TABLE agg_service_hour (
    municipality TEXT NOT NULL, hour INTEGER NOT NULL, service TEXT NOT NULL, version INTEGER NOT NULL,
    starts INTEGER NOT NULL DEFAULT 0, completions INTEGER NOT NULL DEFAULT 0,
    abandons INTEGER NOT NULL DEFAULT 0, feedback_count INTEGER NOT NULL DEFAULT 0,
    rating_sum INTEGER NOT NULL DEFAULT 0, task_yes INTEGER NOT NULL DEFAULT 0,
    task_partly INTEGER NOT NULL DEFAULT 0, task_no INTEGER NOT NULL DEFAULT 0,
    help_requests INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (municipality, hour, service, version)
) WITHOUT ROWID;
CREATE TABLE agg_step_hour (
    municipality TEXT NOT NULL, hour INTEGER NOT NULL, service TEXT NOT NULL, version INTEGER NOT NULL,
    step INTEGER NOT NULL, abandons INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (municipality, service, version, hour, step)
) WITHOUT ROWID;
CREATE TABLE agg_events_hour (
    municipality TEXT NOT NULL, hour INTEGER NOT NULL, events INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (municipality, hour)
) WITHOUT ROWID;
CREATE TABLE agg_kiosk_hour (
    municipality TEXT NOT NULL, kiosk_id TEXT NOT NULL, hour INTEGER NOT NULL, events INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (municipality, kiosk_id, hour)
) WITHOUT ROWID;
-- Distinct sessions. Keyed by first_ts so inserts append instead of landing on random pages (session ids
-- are random); SqliteStorage keeps recent rows in memory to find a session's row (see SessionCache).
CREATE TABLE session_first (
    municipality TEXT NOT NULL, first_ts INTEGER NOT NULL, session TEXT NOT NULL,
    PRIMARY KEY (municipality, first_ts, session)
) WITHOUT ROWID;
-- One row per session and guide version: what the session did there (distinct-session counts, funnel).
CREATE TABLE guide_sessions (
    municipality TEXT NOT NULL, first_ts INTEGER NOT NULL, service TEXT NOT NULL, version INTEGER NOT NULL,
    session TEXT NOT NULL,
    opened INTEGER NOT NULL DEFAULT 0,      -- 1 = guide_opened seen
    steps_mask INTEGER NOT NULL DEFAULT 0,  -- bit k = step_viewed at step k
    completed INTEGER NOT NULL DEFAULT 0,   -- 1 = guide_completed seen
    PRIMARY KEY (municipality, first_ts, service, version, session)
) WITHOUT ROWID;
-- Distinct sessions per hour of their first_ts (session_first rows; guide_sessions rows with opened = 1),
-- kept in step with those tables so the summary never counts session rows over whole hours.
CREATE TABLE agg_sessions_hour (
    municipality TEXT NOT NULL, hour INTEGER NOT NULL, sessions INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (municipality, hour)
) WITHOUT ROWID;
CREATE TABLE agg_guide_sessions_hour (
    municipality TEXT NOT NULL, hour INTEGER NOT NULL, service TEXT NOT NULL, version INTEGER NOT NULL,
    sessions INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (municipality, hour, service, version)
) WITHOUT ROWID;
CREATE TABLE service_steps (
    municipality TEXT NOT NULL, service TEXT NOT NULL, version INTEGER NOT NULL, steps_total INTEGER NOT NULL,
    PRIMARY KEY (municipality, service, version)
) WITHOUT ROWID;
CREATE TABLE heartbeat_slots (
    kiosk_id TEXT NOT NULL, slot INTEGER NOT NULL,
    PRIMARY KEY (kiosk_id, slot)
) WITHOUT ROWID;
CREATE TABLE feedback (
    event_id TEXT PRIMARY KEY, municipality TEXT NOT NULL, service TEXT NOT NULL, version INTEGER NOT NULL,
    ts INTEGER NOT NULL, rating INTEGER NOT NULL, task_done TEXT NOT NULL, lang TEXT NOT NULL,
    comment TEXT NOT NULL
);
CREATE INDEX feedback_service_ts ON feedback (municipality, service, ts);
)SQL";

// v3: staff-assisted sessions, so reports tell assisted from unassisted completions. A session is assisted
// when its session_ended says staff_assisted; its guide rows follow, and the hourly guide-session counts gain
// completed and assisted-completed sessions. Rows written before v3 are backfilled from the stored events.
constexpr const char* kSqliteV3 = R"SQL(
ALTER TABLE session_first ADD COLUMN assisted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE guide_sessions ADD COLUMN assisted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE agg_guide_sessions_hour ADD COLUMN completed INTEGER NOT NULL DEFAULT 0;  -- rows with completed = 1
ALTER TABLE agg_guide_sessions_hour ADD COLUMN assisted INTEGER NOT NULL DEFAULT 0;   -- ... and assisted = 1
CREATE TEMP TABLE v3_assisted AS
    SELECT DISTINCT municipality, session FROM events
    WHERE type = 'session_ended' AND json_extract(body, '$.data.staff_assisted') IS 1;
UPDATE session_first SET assisted = 1 WHERE (municipality, session) IN (SELECT municipality, session FROM v3_assisted);
UPDATE guide_sessions SET assisted = 1 WHERE (municipality, session) IN (SELECT municipality, session FROM v3_assisted);
INSERT INTO agg_guide_sessions_hour (municipality, hour, service, version, sessions, completed, assisted)
    SELECT municipality, max(first_ts, 0) / 3600000, service, version, 0, sum(completed), sum(completed AND assisted)
    FROM guide_sessions WHERE completed = 1 GROUP BY 1, 2, 3, 4
    ON CONFLICT DO UPDATE SET completed = excluded.completed, assisted = excluded.assisted;
DROP TABLE v3_assisted;
)SQL";

// v4: event ids are unique per kiosk, not across all kiosks: one kiosk's id must not silence another's event.
// SQLite cannot drop a column's UNIQUE, so events is rebuilt (rowids kept); feedback gains the kiosk and is
// keyed by (kiosk_id, event_id) the same way.
constexpr const char* kSqliteV4 = R"SQL(
-- feedback first: the old events table finds a feedback row's kiosk through its index on id.
CREATE TABLE feedback_v4 (
    kiosk_id TEXT NOT NULL, event_id TEXT NOT NULL, municipality TEXT NOT NULL, service TEXT NOT NULL,
    version INTEGER NOT NULL, ts INTEGER NOT NULL, rating INTEGER NOT NULL, task_done TEXT NOT NULL,
    lang TEXT NOT NULL, comment TEXT NOT NULL,
    PRIMARY KEY (kiosk_id, event_id)
);
INSERT INTO feedback_v4 (kiosk_id, event_id, municipality, service, version, ts, rating, task_done, lang, comment)
    SELECT coalesce((SELECT kiosk_id FROM events WHERE events.id = feedback.event_id), ''), event_id, municipality,
           service, version, ts, rating, task_done, lang, comment
    FROM feedback;
DROP TABLE feedback;
ALTER TABLE feedback_v4 RENAME TO feedback;
-- In the report's order, so listing a service's comments needs no sort (a sorter holds up to a page cache).
CREATE INDEX feedback_service_ts ON feedback (municipality, service, ts, event_id, kiosk_id);
CREATE TABLE events_v4 (
    id TEXT NOT NULL,                 -- UUIDv7 from the kiosk: with kiosk_id the dedupe key
    municipality TEXT NOT NULL,
    kiosk_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    ts INTEGER NOT NULL,
    type TEXT NOT NULL,
    session TEXT NOT NULL,
    service TEXT,
    service_version INTEGER,
    step INTEGER,
    received_ts INTEGER NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (kiosk_id, id)
);
INSERT INTO events_v4 (rowid, id, municipality, kiosk_id, seq, ts, type, session, service, service_version, step,
                       received_ts, body)
    SELECT rowid, id, municipality, kiosk_id, seq, ts, type, session, service, service_version, step, received_ts, body
    FROM events ORDER BY rowid;
DROP TABLE events;
ALTER TABLE events_v4 RENAME TO events;
CREATE INDEX events_municipality_ts ON events (municipality, ts);
)SQL";

// v5: a session's rows are found by its id. A bounded cache in front of these indexes replaces one that had to
// hold every session of the last hours (its memory grew with whatever times kiosks sent) and fell back to
// scanning hours of sessions for each late event.
constexpr const char* kSqliteV5 = R"SQL(
CREATE INDEX session_first_session ON session_first (municipality, session);
CREATE INDEX guide_sessions_session ON guide_sessions (municipality, session, service, version);
)SQL";

// v6: the drop count the kiosk reports in its heartbeats, beside missing_seq in the kiosks report: a gap in seq
// says that events were lost, the kiosk's own count says it knows.
constexpr const char* kSqliteV6 = R"SQL(
ALTER TABLE kiosks ADD COLUMN last_dropped INTEGER;
)SQL";

// v7: staff tokens (the staff desk: help calls and alerts of one municipality). The kind's CHECK cannot be
// altered in SQLite, so tokens is rebuilt with the same rows.
constexpr const char* kSqliteV7 = R"SQL(
CREATE TABLE tokens_v7 (
    hash TEXT PRIMARY KEY,            -- SHA-256 hex of the token; the token itself is never stored
    kind TEXT NOT NULL CHECK (kind IN ('kiosk', 'reader', 'staff')),
    municipality TEXT NOT NULL,
    kiosk_id TEXT,
    name TEXT,
    created_ts INTEGER NOT NULL
);
INSERT INTO tokens_v7 (hash, kind, municipality, kiosk_id, name, created_ts)
    SELECT hash, kind, municipality, kiosk_id, name, created_ts FROM tokens;
DROP TABLE tokens;
ALTER TABLE tokens_v7 RENAME TO tokens;
)SQL";

// v8: what staff need to find and help the citizen: the kiosk's location name, the guide step, the language.
constexpr const char* kSqliteV8 = R"SQL(
ALTER TABLE help_requests ADD COLUMN step INTEGER;
ALTER TABLE help_requests ADD COLUMN lang TEXT NOT NULL DEFAULT '';
ALTER TABLE help_requests ADD COLUMN location TEXT NOT NULL DEFAULT '';
)SQL";

// v9: alerts on bad experiences, and a kiosk's recent ratings found by index (the alert rule reads them on ingest).
constexpr const char* kSqliteV9 = R"SQL(
CREATE TABLE alerts (
    id TEXT PRIMARY KEY,
    municipality TEXT NOT NULL,
    subject_kind TEXT NOT NULL CHECK (subject_kind IN ('kiosk', 'service')),
    subject TEXT NOT NULL,
    raised_ts INTEGER NOT NULL,
    last_rating_ts INTEGER NOT NULL,
    ratings INTEGER NOT NULL,
    unhappy INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'acknowledged')),
    ack_ts INTEGER,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX alerts_subject ON alerts (municipality, subject_kind, subject, raised_ts);
CREATE INDEX alerts_municipality ON alerts (municipality, raised_ts);
CREATE INDEX feedback_kiosk_ts ON feedback (kiosk_id, ts);
)SQL";

// v9 on PostgreSQL, its baseline: the schema SQLite reaches with v1-v9, in PostgreSQL's terms. Identifiers sort
// bytewise (COLLATE "C") as in SQLite, whatever the database's locale. Events are partitioned by month of ts;
// the unique key holds ts because a partitioned table's unique keys must (a resent event keeps its ts). Session
// rows are keyed by session (writers lock a session, read its row and write it back), SQLite's by time.
constexpr const char* kPostgresV9 = R"SQL(
CREATE TABLE tokens (
    hash text COLLATE "C" PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('kiosk', 'reader', 'staff')),
    municipality text COLLATE "C" NOT NULL,
    kiosk_id text COLLATE "C",
    name text,
    created_ts bigint NOT NULL
);
CREATE INDEX tokens_kiosk ON tokens (kiosk_id);
CREATE TABLE kiosks (
    kiosk_id text COLLATE "C" PRIMARY KEY,
    municipality text COLLATE "C" NOT NULL,
    created_ts bigint NOT NULL,
    last_seen_ts bigint,
    last_backlog bigint,
    last_heartbeat_ts bigint,
    events_received bigint NOT NULL DEFAULT 0,
    max_seq bigint NOT NULL DEFAULT 0,
    seq_count bigint NOT NULL DEFAULT 0,
    last_dropped bigint
);
CREATE INDEX kiosks_municipality ON kiosks (municipality);
CREATE TABLE events (
    id text COLLATE "C" NOT NULL,
    municipality text COLLATE "C" NOT NULL,
    kiosk_id text COLLATE "C" NOT NULL,
    seq bigint NOT NULL,
    ts bigint NOT NULL,
    type text NOT NULL,
    session text COLLATE "C" NOT NULL,
    service text COLLATE "C",
    service_version integer,
    step integer,
    received_ts bigint NOT NULL,
    body text NOT NULL,
    UNIQUE (kiosk_id, id, ts)
) PARTITION BY RANGE (ts);
CREATE INDEX events_municipality_ts ON events (municipality, ts);
CREATE TABLE help_requests (
    id text COLLATE "C" PRIMARY KEY,
    municipality text COLLATE "C" NOT NULL,
    kiosk_id text COLLATE "C" NOT NULL,
    session text NOT NULL,
    screen text NOT NULL,
    service text NOT NULL,
    status text NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved')),
    created_ts bigint NOT NULL,
    ack_ts bigint,
    resolved_ts bigint,
    step integer,
    lang text NOT NULL DEFAULT '',
    location text NOT NULL DEFAULT ''
);
CREATE INDEX help_requests_municipality ON help_requests (municipality, status, created_ts);
CREATE TABLE agg_service_hour (
    municipality text COLLATE "C" NOT NULL, hour bigint NOT NULL, service text COLLATE "C" NOT NULL,
    version integer NOT NULL,
    starts bigint NOT NULL DEFAULT 0, completions bigint NOT NULL DEFAULT 0, abandons bigint NOT NULL DEFAULT 0,
    feedback_count bigint NOT NULL DEFAULT 0, rating_sum bigint NOT NULL DEFAULT 0,
    task_yes bigint NOT NULL DEFAULT 0, task_partly bigint NOT NULL DEFAULT 0, task_no bigint NOT NULL DEFAULT 0,
    help_requests bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (municipality, hour, service, version)
);
CREATE TABLE agg_step_hour (
    municipality text COLLATE "C" NOT NULL, hour bigint NOT NULL, service text COLLATE "C" NOT NULL,
    version integer NOT NULL, step integer NOT NULL, abandons bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (municipality, service, version, hour, step)
);
CREATE TABLE agg_events_hour (
    municipality text COLLATE "C" NOT NULL, hour bigint NOT NULL, events bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (municipality, hour)
);
CREATE TABLE agg_kiosk_hour (
    municipality text COLLATE "C" NOT NULL, kiosk_id text COLLATE "C" NOT NULL, hour bigint NOT NULL,
    events bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (municipality, kiosk_id, hour)
);
-- One row per session, found by its id (writers lock the session, read its row, write it back).
CREATE TABLE session_first (
    municipality text COLLATE "C" NOT NULL, session text COLLATE "C" NOT NULL, first_ts bigint NOT NULL,
    assisted integer NOT NULL DEFAULT 0,
    PRIMARY KEY (municipality, session)
);
CREATE INDEX session_first_ts ON session_first (municipality, first_ts);
CREATE TABLE guide_sessions (
    municipality text COLLATE "C" NOT NULL, session text COLLATE "C" NOT NULL, service text COLLATE "C" NOT NULL,
    version integer NOT NULL, first_ts bigint NOT NULL,
    opened integer NOT NULL DEFAULT 0, steps_mask bigint NOT NULL DEFAULT 0, completed integer NOT NULL DEFAULT 0,
    assisted integer NOT NULL DEFAULT 0,
    PRIMARY KEY (municipality, session, service, version)
);
CREATE INDEX guide_sessions_ts ON guide_sessions (municipality, first_ts);
CREATE INDEX guide_sessions_service_ts ON guide_sessions (municipality, service, version, first_ts);
CREATE TABLE agg_sessions_hour (
    municipality text COLLATE "C" NOT NULL, hour bigint NOT NULL, sessions bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (municipality, hour)
);
CREATE TABLE agg_guide_sessions_hour (
    municipality text COLLATE "C" NOT NULL, hour bigint NOT NULL, service text COLLATE "C" NOT NULL,
    version integer NOT NULL, sessions bigint NOT NULL DEFAULT 0, completed bigint NOT NULL DEFAULT 0,
    assisted bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (municipality, hour, service, version)
);
CREATE TABLE service_steps (
    municipality text COLLATE "C" NOT NULL, service text COLLATE "C" NOT NULL, version integer NOT NULL,
    steps_total integer NOT NULL,
    PRIMARY KEY (municipality, service, version)
);
CREATE TABLE heartbeat_slots (
    kiosk_id text COLLATE "C" NOT NULL, slot bigint NOT NULL,
    PRIMARY KEY (kiosk_id, slot)
);
CREATE TABLE feedback (
    kiosk_id text COLLATE "C" NOT NULL, event_id text COLLATE "C" NOT NULL, municipality text COLLATE "C" NOT NULL,
    service text COLLATE "C" NOT NULL, version integer NOT NULL, ts bigint NOT NULL, rating integer NOT NULL,
    task_done text NOT NULL, lang text NOT NULL, comment text NOT NULL,
    PRIMARY KEY (kiosk_id, event_id)
);
CREATE INDEX feedback_service_ts ON feedback (municipality, service, ts, event_id, kiosk_id);
CREATE INDEX feedback_kiosk_ts ON feedback (kiosk_id, ts);
CREATE TABLE alerts (
    id text COLLATE "C" PRIMARY KEY,
    municipality text COLLATE "C" NOT NULL,
    subject_kind text NOT NULL CHECK (subject_kind IN ('kiosk', 'service')),
    subject text COLLATE "C" NOT NULL,
    raised_ts bigint NOT NULL,
    last_rating_ts bigint NOT NULL,
    ratings integer NOT NULL,
    unhappy integer NOT NULL,
    status text NOT NULL CHECK (status IN ('open', 'acknowledged')),
    ack_ts bigint,
    note text NOT NULL DEFAULT ''
);
CREATE INDEX alerts_subject ON alerts (municipality, subject_kind, subject, raised_ts);
CREATE INDEX alerts_municipality ON alerts (municipality, raised_ts);
)SQL";

// v10: how long a help call may wait unanswered before staff see it as escalated (the kiosk's profile).
// The same on both engines.
constexpr const char* kV10 = R"SQL(
ALTER TABLE help_requests ADD COLUMN escalate_after_s INTEGER;
)SQL";

// v11: which municipalities share their figures in cross-municipality comparisons (opt-in; no row = not shared).
constexpr const char* kSqliteV11 = R"SQL(
CREATE TABLE comparison_sharing (
    municipality TEXT PRIMARY KEY,
    since_ts INTEGER NOT NULL
);
)SQL";

// The same in PostgreSQL's types (times are bigint).
constexpr const char* kPostgresV11 = R"SQL(
CREATE TABLE comparison_sharing (
    municipality text PRIMARY KEY,
    since_ts bigint NOT NULL
);
)SQL";

// v12: signed content releases (content_releases.h); rows are never updated, a rollback adds a row.
constexpr const char* kSqliteV12 = R"SQL(
CREATE TABLE content_releases (
    number INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL,
    signature TEXT NOT NULL,
    valid_from TEXT NOT NULL,         -- YYYY-MM-DD, UTC
    created_ts INTEGER NOT NULL,
    rollback_of INTEGER,
    bytes TEXT NOT NULL               -- the canonical pack: JSON, files in base64
);
ALTER TABLE kiosks ADD COLUMN content_release INTEGER;  -- from the latest heartbeat
ALTER TABLE kiosks ADD COLUMN content_error TEXT;
)SQL";

// The same in PostgreSQL's types.
constexpr const char* kPostgresV12 = R"SQL(
CREATE TABLE content_releases (
    number integer PRIMARY KEY,
    sha256 text NOT NULL,
    signature text NOT NULL,
    valid_from text NOT NULL,
    created_ts bigint NOT NULL,
    rollback_of integer,
    bytes text NOT NULL
);
ALTER TABLE kiosks ADD COLUMN content_release bigint;
ALTER TABLE kiosks ADD COLUMN content_error text;
)SQL";

// v13: a guide session given its version at random, from two versions run side by side (content/README.md):
// side_by_side is the other version it was drawn against, 0 when it was not drawn. The summary report counts
// them apart per (version, against), so a version in two tests keeps each test's visits. The partial index
// holds only them.
// The same on both engines.
constexpr const char* kV13 = R"SQL(
ALTER TABLE guide_sessions ADD COLUMN side_by_side INTEGER NOT NULL DEFAULT 0;
CREATE INDEX guide_sessions_side_by_side ON guide_sessions (municipality, first_ts) WHERE side_by_side <> 0;
)SQL";

}  // namespace

const std::vector<Migration>& AllMigrations() {
    static const std::vector<Migration> migrations = {
        {1, "tokens, kiosks, events, help calls", kSqliteV1, nullptr},
        {2, "aggregates for reports", kSqliteV2, nullptr},
        {3, "staff-assisted sessions", kSqliteV3, nullptr},
        {4, "event ids unique per kiosk", kSqliteV4, nullptr},
        {5, "session rows by session id", kSqliteV5, nullptr},
        {6, "kiosk-reported drop count", kSqliteV6, nullptr},
        {7, "staff tokens", kSqliteV7, nullptr},
        {8, "help calls carry location, step and language", kSqliteV8, nullptr},
        {9, "alerts on bad experiences", kSqliteV9, kPostgresV9,
         "baseline: the schema of SQLite v1-v9, events partitioned by month"},
        {10, "help calls carry their escalation time", kV10, kV10},
        {11, "opt-in sharing for comparisons across municipalities", kSqliteV11, kPostgresV11},
        {12, "signed content releases", kSqliteV12, kPostgresV12},
        {13, "guide sessions given a version at random (side by side)", kV13, kV13},
    };
    return migrations;
}

}  // namespace bk::registry
