-- kreplay schema 1: the event log, per-tick commits with state hashes, run metadata.
-- One database holds one run. Events are never updated or deleted (fork writes a new database).

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- seq is the gap-free log position (and the resourceVersion it gives the object).
-- An event is stored as two JSON texts: `change` (what a fold needs: the created object, the
-- RFC 6902 patch, or the deletion; 'null' for a pure occurrence) and `meta` (the rest of the
-- envelope: id, tick, type, actor, cause, object, data, note). Folds parse only `change`.
-- oid is a 32-bit FNV-1a hash of the object key: folds partition the log by it (all events of
-- one object land in one partition) without parsing any JSON.
-- hash = hex SHA-256(previous hash || meta || LF || change): a chain that exposes any edit, loss
-- or reordering (the first event's previous hash is 64 zeros).
CREATE TABLE events (
  seq    INTEGER PRIMARY KEY,
  tick   INTEGER NOT NULL,
  type   TEXT    NOT NULL,
  actor  TEXT    NOT NULL,
  object TEXT    NOT NULL,
  oid    INTEGER NOT NULL,
  meta   TEXT    NOT NULL,
  change TEXT    NOT NULL,
  hash   TEXT    NOT NULL
);

-- One row per committed tick, written in the same transaction as the tick's events.
CREATE TABLE ticks (
  tick       INTEGER PRIMARY KEY,
  last_seq   INTEGER NOT NULL,
  events     INTEGER NOT NULL,
  state_hash TEXT    NOT NULL
);

-- Snapshots of the projection for fast time travel; disposable (they can be rebuilt by a fold).
CREATE TABLE checkpoints (
  seq   INTEGER PRIMARY KEY,
  tick  INTEGER NOT NULL,
  state TEXT    NOT NULL
);
