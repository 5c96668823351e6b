-- Partial indexes matching the default order of each list (live records, undated last, id as tie-breaker).
-- They serve the first pages and the live-record counts without sorting the whole table.
-- Prisma cannot express partial or NULLS LAST indexes, so they live only here, named *_list_order_idx,
-- and the schema-migration drift test skips that name.
CREATE INDEX "memorandum_list_order_idx" ON "memorandum" ("signed_on" DESC NULLS LAST, "id") WHERE "archived_at" IS NULL;
CREATE INDEX "visit_list_order_idx" ON "visit" ("start_date" DESC NULLS LAST, "id") WHERE "archived_at" IS NULL;
CREATE INDEX "contract_list_order_idx" ON "contract" ("signed_on" DESC NULLS LAST, "id") WHERE "archived_at" IS NULL;
CREATE INDEX "follow_up_list_order_idx" ON "follow_up" ("due_on" ASC NULLS LAST, "id") WHERE "archived_at" IS NULL;
