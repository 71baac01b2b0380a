-- 032: OEE sites (Kartorium's oee_sites), pulled from the central: each site carries its
-- availability mode (standard, strict or TEEP) and OEE target, and a cell belongs to at most one
-- site. Live OEE takes a cell's mode from its site, so a plant sets it once, centrally, for every
-- terminal; the terminal's own config is only the fallback for cells without a site.
CREATE TABLE oee_sites (
  id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, name TEXT NOT NULL,
  availability_mode TEXT NOT NULL DEFAULT 'standard', oee_target REAL,
  version INTEGER NOT NULL DEFAULT 0, deleted_at TEXT
) STRICT;

ALTER TABLE cells ADD COLUMN oee_site_id TEXT;
