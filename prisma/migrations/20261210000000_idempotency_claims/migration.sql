-- Idempotency keys survive a crash: a claim carries a token and the time it was taken, the business transaction
-- stamps on it the records it wrote, and every key expires (replayed until expires_at, purged after).
-- DropIndex
DROP INDEX "idempotency_record_created_at_idx";

-- AlterTable
ALTER TABLE "idempotency_record" ADD COLUMN     "claim_token" UUID,
ADD COLUMN     "claimed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "expires_at" TIMESTAMPTZ(3),
ADD COLUMN     "written_records" JSONB NOT NULL DEFAULT '[]';

-- Rows already there keep the default lifetime (24 hours) from their first use. An in-progress row (status 0) was
-- claimed by a request of the previous version, which stamped nothing: it gets an unknown holder claimed when the
-- row was made, so a retry takes it over once it is older than the claim timeout, and the key is never stuck.
UPDATE "idempotency_record" SET "claimed_at" = "created_at", "expires_at" = "created_at" + INTERVAL '1 day';
UPDATE "idempotency_record" SET "claim_token" = md5(random()::text)::uuid WHERE "response_status" = 0;
ALTER TABLE "idempotency_record" ALTER COLUMN "expires_at" SET NOT NULL;

-- CreateIndex
CREATE INDEX "idempotency_record_expires_at_idx" ON "idempotency_record"("expires_at");
