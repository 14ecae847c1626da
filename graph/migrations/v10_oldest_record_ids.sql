-- Version 10: no table changes. A person's id now comes from their oldest record (earliest
-- import, then smallest uid) instead of the smallest uid, so a store written before derives
-- its people once again on upgrade; tags move with the ids that change (graph/successors.py).
SELECT 1;
