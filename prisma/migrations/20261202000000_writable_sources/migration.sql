-- Sources become writable records: staff add press releases, so articles get a version, an archive flag, who added
-- them, and a unique text fingerprint (the same text is never stored twice). Their history uses the audit trail.
-- AlterEnum
ALTER TYPE "EntityType" ADD VALUE 'source';

-- AlterTable
ALTER TABLE "source_article" ADD COLUMN     "archived_at" TIMESTAMPTZ(3),
ADD COLUMN     "created_by_id" TEXT,
ADD COLUMN     "created_by_type" "ActorType",
ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- CreateIndex
CREATE UNIQUE INDEX "source_article_sha256_key" ON "source_article"("sha256");
