-- An id another system gives a record, so that it can upsert by its own id: unique per record type (NULLs do not
-- collide), at most 200 printable ASCII characters without spaces.
ALTER TABLE "visit" ADD COLUMN "external_id" TEXT;
ALTER TABLE "memorandum" ADD COLUMN "external_id" TEXT;
ALTER TABLE "contract" ADD COLUMN "external_id" TEXT;
ALTER TABLE "follow_up" ADD COLUMN "external_id" TEXT;
ALTER TABLE "party" ADD COLUMN "external_id" TEXT;
ALTER TABLE "person" ADD COLUMN "external_id" TEXT;

CREATE UNIQUE INDEX "visit_external_id_key" ON "visit"("external_id");
CREATE UNIQUE INDEX "memorandum_external_id_key" ON "memorandum"("external_id");
CREATE UNIQUE INDEX "contract_external_id_key" ON "contract"("external_id");
CREATE UNIQUE INDEX "follow_up_external_id_key" ON "follow_up"("external_id");
CREATE UNIQUE INDEX "party_external_id_key" ON "party"("external_id");
CREATE UNIQUE INDEX "person_external_id_key" ON "person"("external_id");

ALTER TABLE "visit" ADD CONSTRAINT "visit_external_id_check" CHECK ("external_id" ~ '^[!-~]{1,200}$');
ALTER TABLE "memorandum" ADD CONSTRAINT "memorandum_external_id_check" CHECK ("external_id" ~ '^[!-~]{1,200}$');
ALTER TABLE "contract" ADD CONSTRAINT "contract_external_id_check" CHECK ("external_id" ~ '^[!-~]{1,200}$');
ALTER TABLE "follow_up" ADD CONSTRAINT "follow_up_external_id_check" CHECK ("external_id" ~ '^[!-~]{1,200}$');
ALTER TABLE "party" ADD CONSTRAINT "party_external_id_check" CHECK ("external_id" ~ '^[!-~]{1,200}$');
ALTER TABLE "person" ADD CONSTRAINT "person_external_id_check" CHECK ("external_id" ~ '^[!-~]{1,200}$');
