-- Lists read in sync order (updated_at, id) for updatedSince and cursors: an index per record table in that order.
DROP INDEX "visit_updated_at_idx";
DROP INDEX "memorandum_updated_at_idx";
DROP INDEX "contract_updated_at_idx";
DROP INDEX "follow_up_updated_at_idx";
CREATE INDEX "visit_updated_at_id_idx" ON "visit"("updated_at", "id");
CREATE INDEX "memorandum_updated_at_id_idx" ON "memorandum"("updated_at", "id");
CREATE INDEX "contract_updated_at_id_idx" ON "contract"("updated_at", "id");
CREATE INDEX "follow_up_updated_at_id_idx" ON "follow_up"("updated_at", "id");
CREATE INDEX "party_updated_at_id_idx" ON "party"("updated_at", "id");
CREATE INDEX "person_updated_at_id_idx" ON "person"("updated_at", "id");

-- updated_at is the start of the writing transaction by the database clock (floored to the column precision),
-- whoever writes the row: the sync read holds back rows at or after the start of the oldest transaction still
-- running, which is only sound when no row of a running transaction can carry an older stamp (README, Syncing from the lists).
-- The migration engine splits the script at every semicolon, also inside quotes, so the body spells its
-- semicolons as the octal escape 073 of an E-string.
CREATE FUNCTION "stamp_updated_at"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN NEW."updated_at" := date_trunc(\'milliseconds\', transaction_timestamp())\073 RETURN NEW\073 END';

CREATE TRIGGER "visit_stamp_updated_at" BEFORE INSERT OR UPDATE ON "visit" FOR EACH ROW EXECUTE FUNCTION "stamp_updated_at"();
CREATE TRIGGER "memorandum_stamp_updated_at" BEFORE INSERT OR UPDATE ON "memorandum" FOR EACH ROW EXECUTE FUNCTION "stamp_updated_at"();
CREATE TRIGGER "contract_stamp_updated_at" BEFORE INSERT OR UPDATE ON "contract" FOR EACH ROW EXECUTE FUNCTION "stamp_updated_at"();
CREATE TRIGGER "follow_up_stamp_updated_at" BEFORE INSERT OR UPDATE ON "follow_up" FOR EACH ROW EXECUTE FUNCTION "stamp_updated_at"();
CREATE TRIGGER "party_stamp_updated_at" BEFORE INSERT OR UPDATE ON "party" FOR EACH ROW EXECUTE FUNCTION "stamp_updated_at"();
CREATE TRIGGER "person_stamp_updated_at" BEFORE INSERT OR UPDATE ON "person" FOR EACH ROW EXECUTE FUNCTION "stamp_updated_at"();
