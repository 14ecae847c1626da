-- Version 12: no table changes. Tier 3 of identity resolution now meets its blocks in the order
-- of their names rather than of the records that first filled them (graph/resolve.py), so that
-- a part of the store resolved alone meets them as the whole store does (graph/reresolve.py).
-- That can join a few records differently, so a store written before derives its people once
-- again on upgrade (and `intrograph check` agrees with it afterwards).
SELECT 1;
