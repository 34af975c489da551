-- Generator of tests/data/workspace-v1.sqlite: a workspace as schema version 1 left it, with a
-- few rows, for the migration test (tests/model/tst_workspace.cpp). The DDL is step 0 -> 1 of
-- model/workspace.cpp, verbatim. Regenerate with:
--   rm -f tests/data/workspace-v1.sqlite && sqlite3 tests/data/workspace-v1.sqlite < tests/data/make-workspace-v1.sql
-- Times are milliseconds since the epoch, UTC.

BEGIN;

CREATE TABLE specs (  name TEXT PRIMARY KEY NOT NULL,  yaml TEXT NOT NULL,  updated_at INTEGER NOT NULL);
CREATE TABLE endpoints (  id INTEGER PRIMARY KEY,  spec_name TEXT NOT NULL,  name TEXT NOT NULL,  UNIQUE (spec_name, name));
CREATE TABLE partitions (  endpoint_id INTEGER NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,  partition_key TEXT NOT NULL,  status TEXT NOT NULL DEFAULT 'missing'    CHECK (status IN ('missing', 'queued', 'running', 'succeeded', 'failed', 'empty')),  attempts INTEGER NOT NULL DEFAULT 0,  page_count INTEGER NOT NULL DEFAULT 0,  row_count INTEGER NOT NULL DEFAULT 0,  http_status INTEGER NOT NULL DEFAULT 0,  last_error TEXT NOT NULL DEFAULT '',  started_at INTEGER,  finished_at INTEGER,  PRIMARY KEY (endpoint_id, partition_key)) WITHOUT ROWID;
CREATE INDEX partitions_by_status ON partitions (endpoint_id, status);
CREATE TABLE runs (  id INTEGER PRIMARY KEY AUTOINCREMENT,  started_by TEXT NOT NULL,  spec_name TEXT NOT NULL DEFAULT '',  endpoints TEXT NOT NULL DEFAULT '[]',  range_text TEXT NOT NULL DEFAULT '',  options TEXT NOT NULL DEFAULT '{}',  started_at INTEGER NOT NULL,  finished_at INTEGER,  partitions_total INTEGER NOT NULL DEFAULT 0,  partitions_succeeded INTEGER NOT NULL DEFAULT 0,  partitions_empty INTEGER NOT NULL DEFAULT 0,  partitions_failed INTEGER NOT NULL DEFAULT 0,  row_count INTEGER NOT NULL DEFAULT 0,  outcome TEXT NOT NULL DEFAULT 'running');
CREATE TABLE events (  id INTEGER PRIMARY KEY,  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,  at INTEGER NOT NULL,  level TEXT NOT NULL,  partition_key TEXT NOT NULL DEFAULT '',  message TEXT NOT NULL,  data TEXT NOT NULL DEFAULT '{}');
CREATE INDEX events_by_run ON events (run_id, id);

INSERT INTO specs (name, yaml, updated_at) VALUES
  ('analytics', 'name: analytics
endpoints:
  daily_events:
    request:
      url: https://api.example.com/events
', 1704067200000);

INSERT INTO endpoints (id, spec_name, name) VALUES (1, 'analytics', 'daily_events');

-- 2024-01-01 succeeded, 2024-01-02 failed with a 503, 2024-01-03 empty.
INSERT INTO partitions (endpoint_id, partition_key, status, attempts, page_count, row_count, http_status, last_error, started_at, finished_at) VALUES
  (1, '2024-01-01', 'succeeded', 1, 3, 250, 200, '', 1704103200000, 1704103205000),
  (1, '2024-01-02', 'failed', 2, 1, 100, 503, 'Service Unavailable', 1704103210000, 1704103212500),
  (1, '2024-01-03', 'empty', 1, 1, 0, 200, '', 1704103220000, 1704103221000);

INSERT INTO runs (id, started_by, spec_name, endpoints, range_text, options, started_at, finished_at,
                  partitions_total, partitions_succeeded, partitions_empty, partitions_failed, row_count, outcome) VALUES
  (1, 'gui', 'analytics', '["daily_events"]', '[2024-01-01...2024-01-03]', '{"onlyFailedAndMissing":false}',
   1704103200000, 1704103222000, 3, 1, 1, 1, 350, 'failed');

INSERT INTO events (run_id, at, level, partition_key, message, data) VALUES
  (1, 1704103200000, 'info', '', 'Run started', '{}'),
  (1, 1704103212500, 'error', '2024-01-02', 'Service Unavailable', '{"status":503}');

PRAGMA user_version = 1;

COMMIT;
