-- A status change carries the version of the record after it, as field edits do, and history shows it for both.
ALTER TABLE "status_change" ADD COLUMN "version" INTEGER;

-- Earlier changes: the version of the audit entry the same transition wrote (same record, same target status,
-- nearest in time).
UPDATE "status_change" sc
SET "version" = (
  SELECT ae."version" FROM "audit_entry" ae
  WHERE ae."entity_type" = sc."entity_type" AND ae."entity_id" = sc."entity_id" AND ae."action" = 'transition'
    AND ae."changes" -> 'status' ->> 'to' = sc."to_status"
  ORDER BY abs(extract(epoch FROM ae."created_at" - sc."created_at"))
  LIMIT 1
);
