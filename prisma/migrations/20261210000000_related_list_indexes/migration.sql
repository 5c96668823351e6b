-- Responses list the records pointing at a record (a memorandum's follow-ups) capped at the first 50, oldest first,
-- with their true count (apps/api/src/domain/related-lists.ts). These partial indexes on each pointing column, in
-- that order and over live rows only, serve both the first 50 and the count (an index-only scan) without reading
-- the table. Prisma cannot express partial indexes, so they live only here, named *_list_order_idx, which the
-- schema-migration drift test skips.
CREATE INDEX "memorandum_visit_id_list_order_idx" ON "memorandum" ("visit_id", "created_at", "id") WHERE "archived_at" IS NULL;
CREATE INDEX "contract_visit_id_list_order_idx" ON "contract" ("visit_id", "created_at", "id") WHERE "archived_at" IS NULL;
CREATE INDEX "contract_memorandum_id_list_order_idx" ON "contract" ("memorandum_id", "created_at", "id") WHERE "archived_at" IS NULL;
CREATE INDEX "follow_up_visit_id_list_order_idx" ON "follow_up" ("visit_id", "created_at", "id") WHERE "archived_at" IS NULL;
CREATE INDEX "follow_up_memorandum_id_list_order_idx" ON "follow_up" ("memorandum_id", "created_at", "id") WHERE "archived_at" IS NULL;
CREATE INDEX "follow_up_contract_id_list_order_idx" ON "follow_up" ("contract_id", "created_at", "id") WHERE "archived_at" IS NULL;
CREATE INDEX "visit_previous_visit_id_list_order_idx" ON "visit" ("previous_visit_id", "created_at", "id") WHERE "archived_at" IS NULL;
CREATE INDEX "party_parent_id_list_order_idx" ON "party" ("parent_id", "created_at", "id") WHERE "archived_at" IS NULL;
