-- Control plane (MCP) schema, version 1: the registry of an agent (its node's services) or of the
-- master (the fleet's), the services' event history, and the audit log (the same tables as the
-- other services', hash-chained from the start).

-- One row per service: its definition's scalar fields, the node it is placed on, what the
-- operator wants (running / stopped), and why repairs stopped if it flaps ('' when not).
CREATE TABLE services (
  name        TEXT PRIMARY KEY,
  pinned_node TEXT NOT NULL DEFAULT '',
  tier        TEXT NOT NULL,
  version     TEXT NOT NULL DEFAULT '',
  node        TEXT NOT NULL,
  desired     TEXT NOT NULL CHECK (desired IN ('running', 'stopped')),
  flap_reason TEXT NOT NULL DEFAULT '',
  updated_at  INTEGER NOT NULL
) WITHOUT ROWID;

-- A service's components in definition order. cmd, env and volumes are lists, stored as
-- length-prefixed items ("<len>:<item>" repeated) so that any character survives.
CREATE TABLE components (
  service  TEXT NOT NULL REFERENCES services (name) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name     TEXT NOT NULL,
  image    TEXT NOT NULL,
  cmd      TEXT NOT NULL DEFAULT '',
  env      TEXT NOT NULL DEFAULT '',
  volumes  TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (service, position),
  UNIQUE (service, name)
) WITHOUT ROWID;

-- Declared routes, in definition order per component.
CREATE TABLE routes (
  service   TEXT NOT NULL REFERENCES services (name) ON DELETE CASCADE,
  component TEXT NOT NULL,
  position  INTEGER NOT NULL,
  name      TEXT NOT NULL DEFAULT '',
  port      INTEGER NOT NULL,
  mode      TEXT NOT NULL CHECK (mode IN ('l4', 'l7')),
  hostname  TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (service, component, position)
) WITHOUT ROWID;

-- The host port of each route. Unique per node: two services never share a port of a node.
CREATE TABLE host_ports (
  service   TEXT NOT NULL REFERENCES services (name) ON DELETE CASCADE,
  component TEXT NOT NULL,
  variable  TEXT NOT NULL,
  node      TEXT NOT NULL,
  host_port INTEGER NOT NULL,
  PRIMARY KEY (service, component, variable),
  UNIQUE (node, host_port)
) WITHOUT ROWID;

-- What happened to each service (deployed, repaired, flapping...), oldest first by id.
CREATE TABLE service_events (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  service TEXT NOT NULL,
  at      INTEGER NOT NULL,
  kind    TEXT NOT NULL,
  message TEXT NOT NULL DEFAULT ''
);
CREATE INDEX service_events_service ON service_events (service, id);

CREATE TABLE audit_log (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  time           INTEGER NOT NULL,
  type           TEXT    NOT NULL,
  actor          TEXT    NOT NULL DEFAULT '',
  subject        TEXT    NOT NULL DEFAULT '',
  source_address TEXT    NOT NULL DEFAULT '',
  prev_hash      BLOB,
  hash           BLOB
);
CREATE INDEX audit_log_time ON audit_log (time, id);
CREATE INDEX audit_log_type ON audit_log (type, time);
CREATE INDEX audit_log_actor ON audit_log (actor, time);
CREATE INDEX audit_log_subject ON audit_log (subject, time);

CREATE TABLE audit_details (
  event_id INTEGER NOT NULL REFERENCES audit_log (id) ON DELETE CASCADE,
  name     TEXT    NOT NULL,
  value    TEXT    NOT NULL,
  PRIMARY KEY (event_id, name)
) WITHOUT ROWID;
