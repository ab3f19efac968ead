-- Control plane (MCP) schema, version 2: a route's health path ("/healthz"; '' when boot checks
-- the route with a TCP connect).
ALTER TABLE routes ADD COLUMN health_path TEXT NOT NULL DEFAULT '';
