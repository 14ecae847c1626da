-- Version 11: the derived tables are rewritten by difference, so a person or organisation that
-- goes is deleted one row at a time while the tables naming it keep their other rows; SQLite
-- then looks for rows still naming it, and without these indexes it read each of those tables
-- whole per row (forgetting a 17,000-record book took 30 s instead of 18 s). The re-derive on
-- upgrade also brings tier 4's new rule (each lookup decided before any joins) to old stores.
CREATE INDEX IF NOT EXISTS ties_b ON ties(b);
CREATE INDEX IF NOT EXISTS person_keys_person ON person_keys(person_id);
CREATE INDEX IF NOT EXISTS org_domains_org ON org_domains(org_id);
CREATE INDEX IF NOT EXISTS memberships_org ON memberships(org_id);
