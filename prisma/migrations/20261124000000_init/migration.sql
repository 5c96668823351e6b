-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateEnum
CREATE TYPE "PartyKind" AS ENUM ('country', 'region', 'city', 'district', 'foreign_region', 'organisation', 'agency');

-- CreateEnum
CREATE TYPE "Language" AS ENUM ('kk', 'ru', 'en');

-- CreateEnum
CREATE TYPE "DatePrecision" AS ENUM ('day', 'month', 'year', 'unknown');

-- CreateEnum
CREATE TYPE "VisitStatus" AS ENUM ('planned', 'completed', 'cancelled');

-- CreateEnum
CREATE TYPE "MemorandumKind" AS ENUM ('memorandum', 'agreement');

-- CreateEnum
CREATE TYPE "MemorandumStatus" AS ENUM ('draft', 'signed', 'in_progress', 'fulfilled', 'stalled', 'terminated', 'expired');

-- CreateEnum
CREATE TYPE "ContractStatus" AS ENUM ('negotiating', 'signed', 'in_execution', 'fulfilled', 'cancelled');

-- CreateEnum
CREATE TYPE "FollowUpStatus" AS ENUM ('planned', 'in_progress', 'done', 'cancelled');

-- CreateEnum
CREATE TYPE "Sphere" AS ENUM ('trade', 'industry', 'agriculture', 'science_technology', 'culture', 'education', 'health', 'tourism', 'transport', 'energy', 'social', 'other');

-- CreateEnum
CREATE TYPE "MemorandumPartyRole" AS ENUM ('signatory', 'participant', 'coordinator');

-- CreateEnum
CREATE TYPE "ContractPartyRole" AS ENUM ('supplier', 'buyer', 'partner');

-- CreateEnum
CREATE TYPE "EntityType" AS ENUM ('visit', 'memorandum', 'contract', 'follow_up', 'party', 'person');

-- CreateEnum
CREATE TYPE "AuditAction" AS ENUM ('create', 'update', 'archive', 'restore', 'transition');

-- CreateEnum
CREATE TYPE "ActorType" AS ENUM ('user', 'api_key', 'system');

-- CreateEnum
CREATE TYPE "AdminRole" AS ENUM ('admin', 'editor', 'viewer');

-- CreateEnum
CREATE TYPE "ApiScope" AS ENUM ('read', 'write');

-- CreateTable
CREATE TABLE "party" (
    "id" UUID NOT NULL,
    "seed_key" TEXT,
    "seed_version" INTEGER,
    "kind" "PartyKind" NOT NULL,
    "name_kk" TEXT,
    "name_ru" TEXT,
    "name_en" TEXT,
    "aliases" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "country_code" CHAR(2),
    "parent_id" UUID,
    "search_text" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "archived_at" TIMESTAMPTZ(3),

    CONSTRAINT "party_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "person" (
    "id" UUID NOT NULL,
    "seed_key" TEXT,
    "seed_version" INTEGER,
    "name_kk" TEXT,
    "name_ru" TEXT,
    "name_en" TEXT,
    "position_kk" TEXT,
    "position_ru" TEXT,
    "position_en" TEXT,
    "party_id" UUID,
    "search_text" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "archived_at" TIMESTAMPTZ(3),

    CONSTRAINT "person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "source_article" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "language" "Language" NOT NULL,
    "title" TEXT NOT NULL,
    "outlet" TEXT,
    "url" TEXT,
    "published_on" DATE,
    "published_on_precision" "DatePrecision" NOT NULL DEFAULT 'unknown',
    "text" TEXT NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "source_article_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "citation" (
    "id" UUID NOT NULL,
    "article_id" UUID NOT NULL,
    "quote" TEXT NOT NULL,
    "visit_id" UUID,
    "memorandum_id" UUID,
    "contract_id" UUID,
    "follow_up_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "citation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "visit" (
    "id" UUID NOT NULL,
    "seed_key" TEXT,
    "seed_version" INTEGER,
    "title_kk" TEXT,
    "title_ru" TEXT,
    "title_en" TEXT,
    "summary_kk" TEXT,
    "summary_ru" TEXT,
    "summary_en" TEXT,
    "visiting_party_id" UUID NOT NULL,
    "delegation_head_id" UUID,
    "start_date" DATE,
    "start_date_precision" "DatePrecision" NOT NULL DEFAULT 'unknown',
    "end_date" DATE,
    "end_date_precision" "DatePrecision" NOT NULL DEFAULT 'unknown',
    "place" TEXT,
    "occasion" TEXT,
    "status" "VisitStatus" NOT NULL DEFAULT 'planned',
    "previous_visit_id" UUID,
    "note" TEXT,
    "search_text" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "archived_at" TIMESTAMPTZ(3),

    CONSTRAINT "visit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "visit_host" (
    "visit_id" UUID NOT NULL,
    "party_id" UUID NOT NULL,

    CONSTRAINT "visit_host_pkey" PRIMARY KEY ("visit_id","party_id")
);

-- CreateTable
CREATE TABLE "memorandum" (
    "id" UUID NOT NULL,
    "seed_key" TEXT,
    "seed_version" INTEGER,
    "kind" "MemorandumKind" NOT NULL DEFAULT 'memorandum',
    "title_kk" TEXT,
    "title_ru" TEXT,
    "title_en" TEXT,
    "summary_kk" TEXT,
    "summary_ru" TEXT,
    "summary_en" TEXT,
    "signed_on" DATE,
    "signed_on_precision" "DatePrecision" NOT NULL DEFAULT 'unknown',
    "spheres" "Sphere"[] DEFAULT ARRAY[]::"Sphere"[],
    "quantity" INTEGER NOT NULL DEFAULT 1,
    "valid_until" DATE,
    "visit_id" UUID,
    "status" "MemorandumStatus" NOT NULL DEFAULT 'draft',
    "note" TEXT,
    "search_text" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "archived_at" TIMESTAMPTZ(3),

    CONSTRAINT "memorandum_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "memorandum_party" (
    "memorandum_id" UUID NOT NULL,
    "party_id" UUID NOT NULL,
    "role" "MemorandumPartyRole" NOT NULL DEFAULT 'signatory',

    CONSTRAINT "memorandum_party_pkey" PRIMARY KEY ("memorandum_id","party_id")
);

-- CreateTable
CREATE TABLE "memorandum_signatory" (
    "memorandum_id" UUID NOT NULL,
    "person_id" UUID NOT NULL,
    "party_id" UUID,

    CONSTRAINT "memorandum_signatory_pkey" PRIMARY KEY ("memorandum_id","person_id")
);

-- CreateTable
CREATE TABLE "contract" (
    "id" UUID NOT NULL,
    "seed_key" TEXT,
    "seed_version" INTEGER,
    "title_kk" TEXT,
    "title_ru" TEXT,
    "title_en" TEXT,
    "subject_kk" TEXT,
    "subject_ru" TEXT,
    "subject_en" TEXT,
    "amount" DECIMAL(20,2),
    "currency" CHAR(3),
    "quantity" INTEGER NOT NULL DEFAULT 1,
    "signed_on" DATE,
    "signed_on_precision" "DatePrecision" NOT NULL DEFAULT 'unknown',
    "memorandum_id" UUID,
    "visit_id" UUID,
    "status" "ContractStatus" NOT NULL DEFAULT 'negotiating',
    "note" TEXT,
    "search_text" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "archived_at" TIMESTAMPTZ(3),

    CONSTRAINT "contract_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contract_party" (
    "contract_id" UUID NOT NULL,
    "party_id" UUID NOT NULL,
    "role" "ContractPartyRole" NOT NULL,

    CONSTRAINT "contract_party_pkey" PRIMARY KEY ("contract_id","party_id","role")
);

-- CreateTable
CREATE TABLE "follow_up" (
    "id" UUID NOT NULL,
    "seed_key" TEXT,
    "seed_version" INTEGER,
    "title_kk" TEXT,
    "title_ru" TEXT,
    "title_en" TEXT,
    "description_kk" TEXT,
    "description_ru" TEXT,
    "description_en" TEXT,
    "due_on" DATE,
    "due_on_precision" "DatePrecision" NOT NULL DEFAULT 'unknown',
    "responsible_party_id" UUID,
    "responsible_person_id" UUID,
    "visit_id" UUID,
    "memorandum_id" UUID,
    "contract_id" UUID,
    "status" "FollowUpStatus" NOT NULL DEFAULT 'planned',
    "note" TEXT,
    "search_text" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "archived_at" TIMESTAMPTZ(3),

    CONSTRAINT "follow_up_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "status_change" (
    "id" UUID NOT NULL,
    "entity_type" "EntityType" NOT NULL,
    "entity_id" UUID NOT NULL,
    "from_status" TEXT NOT NULL,
    "to_status" TEXT NOT NULL,
    "comment" TEXT,
    "actor_type" "ActorType" NOT NULL,
    "actor_id" TEXT,
    "actor_name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "status_change_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_entry" (
    "id" UUID NOT NULL,
    "entity_type" "EntityType" NOT NULL,
    "entity_id" UUID NOT NULL,
    "action" "AuditAction" NOT NULL,
    "changes" JSONB NOT NULL DEFAULT '{}',
    "version" INTEGER NOT NULL,
    "actor_type" "ActorType" NOT NULL,
    "actor_id" TEXT,
    "actor_name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "admin_user" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "password_hash" TEXT NOT NULL,
    "role" "AdminRole" NOT NULL,
    "region_party_id" UUID,
    "locale" "Language" NOT NULL DEFAULT 'ru',
    "disabled_at" TIMESTAMPTZ(3),
    "last_login_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "admin_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_key" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "secret_hash" CHAR(64) NOT NULL,
    "scopes" "ApiScope"[],
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "idempotency_record" (
    "api_key_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "request_hash" CHAR(64) NOT NULL,
    "response_status" INTEGER NOT NULL,
    "response_body" JSONB NOT NULL,
    "response_headers" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_record_pkey" PRIMARY KEY ("api_key_id","key")
);

-- CreateTable
CREATE TABLE "session" (
    "sid" VARCHAR NOT NULL,
    "sess" JSON NOT NULL,
    "expire" TIMESTAMP(6) NOT NULL,

    CONSTRAINT "session_pkey" PRIMARY KEY ("sid")
);

-- CreateIndex
CREATE UNIQUE INDEX "party_seed_key_key" ON "party"("seed_key");

-- CreateIndex
CREATE INDEX "party_kind_idx" ON "party"("kind");

-- CreateIndex
CREATE INDEX "party_parent_id_idx" ON "party"("parent_id");

-- CreateIndex
CREATE INDEX "party_country_code_idx" ON "party"("country_code");

-- CreateIndex
CREATE INDEX "party_search_text_trgm_idx" ON "party" USING GIN ("search_text" gin_trgm_ops);

-- CreateIndex
CREATE UNIQUE INDEX "person_seed_key_key" ON "person"("seed_key");

-- CreateIndex
CREATE INDEX "person_party_id_idx" ON "person"("party_id");

-- CreateIndex
CREATE INDEX "person_search_text_trgm_idx" ON "person" USING GIN ("search_text" gin_trgm_ops);

-- CreateIndex
CREATE UNIQUE INDEX "source_article_key_key" ON "source_article"("key");

-- CreateIndex
CREATE INDEX "citation_article_id_idx" ON "citation"("article_id");

-- CreateIndex
CREATE INDEX "citation_visit_id_idx" ON "citation"("visit_id");

-- CreateIndex
CREATE INDEX "citation_memorandum_id_idx" ON "citation"("memorandum_id");

-- CreateIndex
CREATE INDEX "citation_contract_id_idx" ON "citation"("contract_id");

-- CreateIndex
CREATE INDEX "citation_follow_up_id_idx" ON "citation"("follow_up_id");

-- CreateIndex
CREATE UNIQUE INDEX "visit_seed_key_key" ON "visit"("seed_key");

-- CreateIndex
CREATE INDEX "visit_status_idx" ON "visit"("status");

-- CreateIndex
CREATE INDEX "visit_start_date_idx" ON "visit"("start_date");

-- CreateIndex
CREATE INDEX "visit_visiting_party_id_idx" ON "visit"("visiting_party_id");

-- CreateIndex
CREATE INDEX "visit_delegation_head_id_idx" ON "visit"("delegation_head_id");

-- CreateIndex
CREATE INDEX "visit_previous_visit_id_idx" ON "visit"("previous_visit_id");

-- CreateIndex
CREATE INDEX "visit_updated_at_idx" ON "visit"("updated_at");

-- CreateIndex
CREATE INDEX "visit_search_text_trgm_idx" ON "visit" USING GIN ("search_text" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "visit_host_party_id_idx" ON "visit_host"("party_id");

-- CreateIndex
CREATE UNIQUE INDEX "memorandum_seed_key_key" ON "memorandum"("seed_key");

-- CreateIndex
CREATE INDEX "memorandum_status_idx" ON "memorandum"("status");

-- CreateIndex
CREATE INDEX "memorandum_signed_on_idx" ON "memorandum"("signed_on");

-- CreateIndex
CREATE INDEX "memorandum_visit_id_idx" ON "memorandum"("visit_id");

-- CreateIndex
CREATE INDEX "memorandum_updated_at_idx" ON "memorandum"("updated_at");

-- CreateIndex
CREATE INDEX "memorandum_spheres_idx" ON "memorandum" USING GIN ("spheres");

-- CreateIndex
CREATE INDEX "memorandum_search_text_trgm_idx" ON "memorandum" USING GIN ("search_text" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "memorandum_party_party_id_idx" ON "memorandum_party"("party_id");

-- CreateIndex
CREATE INDEX "memorandum_signatory_person_id_idx" ON "memorandum_signatory"("person_id");

-- CreateIndex
CREATE UNIQUE INDEX "contract_seed_key_key" ON "contract"("seed_key");

-- CreateIndex
CREATE INDEX "contract_status_idx" ON "contract"("status");

-- CreateIndex
CREATE INDEX "contract_signed_on_idx" ON "contract"("signed_on");

-- CreateIndex
CREATE INDEX "contract_memorandum_id_idx" ON "contract"("memorandum_id");

-- CreateIndex
CREATE INDEX "contract_visit_id_idx" ON "contract"("visit_id");

-- CreateIndex
CREATE INDEX "contract_updated_at_idx" ON "contract"("updated_at");

-- CreateIndex
CREATE INDEX "contract_search_text_trgm_idx" ON "contract" USING GIN ("search_text" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "contract_party_party_id_idx" ON "contract_party"("party_id");

-- CreateIndex
CREATE UNIQUE INDEX "follow_up_seed_key_key" ON "follow_up"("seed_key");

-- CreateIndex
CREATE INDEX "follow_up_status_due_on_idx" ON "follow_up"("status", "due_on");

-- CreateIndex
CREATE INDEX "follow_up_responsible_party_id_idx" ON "follow_up"("responsible_party_id");

-- CreateIndex
CREATE INDEX "follow_up_responsible_person_id_idx" ON "follow_up"("responsible_person_id");

-- CreateIndex
CREATE INDEX "follow_up_visit_id_idx" ON "follow_up"("visit_id");

-- CreateIndex
CREATE INDEX "follow_up_memorandum_id_idx" ON "follow_up"("memorandum_id");

-- CreateIndex
CREATE INDEX "follow_up_contract_id_idx" ON "follow_up"("contract_id");

-- CreateIndex
CREATE INDEX "follow_up_updated_at_idx" ON "follow_up"("updated_at");

-- CreateIndex
CREATE INDEX "follow_up_search_text_trgm_idx" ON "follow_up" USING GIN ("search_text" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "status_change_entity_type_entity_id_created_at_idx" ON "status_change"("entity_type", "entity_id", "created_at");

-- CreateIndex
CREATE INDEX "status_change_created_at_idx" ON "status_change"("created_at");

-- CreateIndex
CREATE INDEX "audit_entry_entity_type_entity_id_created_at_idx" ON "audit_entry"("entity_type", "entity_id", "created_at");

-- CreateIndex
CREATE INDEX "audit_entry_created_at_idx" ON "audit_entry"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "admin_user_email_key" ON "admin_user"("email");

-- CreateIndex
CREATE UNIQUE INDEX "api_key_name_key" ON "api_key"("name");

-- CreateIndex
CREATE UNIQUE INDEX "api_key_prefix_key" ON "api_key"("prefix");

-- CreateIndex
CREATE UNIQUE INDEX "api_key_secret_hash_key" ON "api_key"("secret_hash");

-- CreateIndex
CREATE INDEX "idempotency_record_created_at_idx" ON "idempotency_record"("created_at");

-- CreateIndex
CREATE INDEX "IDX_session_expire" ON "session"("expire");

-- AddForeignKey
ALTER TABLE "party" ADD CONSTRAINT "party_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "party"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "person" ADD CONSTRAINT "person_party_id_fkey" FOREIGN KEY ("party_id") REFERENCES "party"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "citation" ADD CONSTRAINT "citation_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "source_article"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "citation" ADD CONSTRAINT "citation_visit_id_fkey" FOREIGN KEY ("visit_id") REFERENCES "visit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "citation" ADD CONSTRAINT "citation_memorandum_id_fkey" FOREIGN KEY ("memorandum_id") REFERENCES "memorandum"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "citation" ADD CONSTRAINT "citation_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "contract"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "citation" ADD CONSTRAINT "citation_follow_up_id_fkey" FOREIGN KEY ("follow_up_id") REFERENCES "follow_up"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "visit" ADD CONSTRAINT "visit_visiting_party_id_fkey" FOREIGN KEY ("visiting_party_id") REFERENCES "party"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "visit" ADD CONSTRAINT "visit_delegation_head_id_fkey" FOREIGN KEY ("delegation_head_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "visit" ADD CONSTRAINT "visit_previous_visit_id_fkey" FOREIGN KEY ("previous_visit_id") REFERENCES "visit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "visit_host" ADD CONSTRAINT "visit_host_visit_id_fkey" FOREIGN KEY ("visit_id") REFERENCES "visit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "visit_host" ADD CONSTRAINT "visit_host_party_id_fkey" FOREIGN KEY ("party_id") REFERENCES "party"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memorandum" ADD CONSTRAINT "memorandum_visit_id_fkey" FOREIGN KEY ("visit_id") REFERENCES "visit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memorandum_party" ADD CONSTRAINT "memorandum_party_memorandum_id_fkey" FOREIGN KEY ("memorandum_id") REFERENCES "memorandum"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memorandum_party" ADD CONSTRAINT "memorandum_party_party_id_fkey" FOREIGN KEY ("party_id") REFERENCES "party"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memorandum_signatory" ADD CONSTRAINT "memorandum_signatory_memorandum_id_fkey" FOREIGN KEY ("memorandum_id") REFERENCES "memorandum"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memorandum_signatory" ADD CONSTRAINT "memorandum_signatory_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memorandum_signatory" ADD CONSTRAINT "memorandum_signatory_party_id_fkey" FOREIGN KEY ("party_id") REFERENCES "party"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contract" ADD CONSTRAINT "contract_memorandum_id_fkey" FOREIGN KEY ("memorandum_id") REFERENCES "memorandum"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contract" ADD CONSTRAINT "contract_visit_id_fkey" FOREIGN KEY ("visit_id") REFERENCES "visit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contract_party" ADD CONSTRAINT "contract_party_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "contract"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contract_party" ADD CONSTRAINT "contract_party_party_id_fkey" FOREIGN KEY ("party_id") REFERENCES "party"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "follow_up" ADD CONSTRAINT "follow_up_responsible_party_id_fkey" FOREIGN KEY ("responsible_party_id") REFERENCES "party"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "follow_up" ADD CONSTRAINT "follow_up_responsible_person_id_fkey" FOREIGN KEY ("responsible_person_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "follow_up" ADD CONSTRAINT "follow_up_visit_id_fkey" FOREIGN KEY ("visit_id") REFERENCES "visit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "follow_up" ADD CONSTRAINT "follow_up_memorandum_id_fkey" FOREIGN KEY ("memorandum_id") REFERENCES "memorandum"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "follow_up" ADD CONSTRAINT "follow_up_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "contract"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "admin_user" ADD CONSTRAINT "admin_user_region_party_id_fkey" FOREIGN KEY ("region_party_id") REFERENCES "party"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_key" ADD CONSTRAINT "api_key_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "admin_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "idempotency_record" ADD CONSTRAINT "idempotency_record_api_key_id_fkey" FOREIGN KEY ("api_key_id") REFERENCES "api_key"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Rules that the Prisma schema language cannot express. They are named *_check, and the schema-migration drift test skips them.
ALTER TABLE "party" ADD CONSTRAINT "party_name_check" CHECK (COALESCE("name_kk", "name_ru", "name_en") IS NOT NULL);
ALTER TABLE "person" ADD CONSTRAINT "person_name_check" CHECK (COALESCE("name_kk", "name_ru", "name_en") IS NOT NULL);
ALTER TABLE "visit" ADD CONSTRAINT "visit_title_check" CHECK (COALESCE("title_kk", "title_ru", "title_en") IS NOT NULL);
ALTER TABLE "memorandum" ADD CONSTRAINT "memorandum_title_check" CHECK (COALESCE("title_kk", "title_ru", "title_en") IS NOT NULL);
ALTER TABLE "contract" ADD CONSTRAINT "contract_title_check" CHECK (COALESCE("title_kk", "title_ru", "title_en") IS NOT NULL);
ALTER TABLE "follow_up" ADD CONSTRAINT "follow_up_title_check" CHECK (COALESCE("title_kk", "title_ru", "title_en") IS NOT NULL);
ALTER TABLE "memorandum" ADD CONSTRAINT "memorandum_quantity_check" CHECK ("quantity" >= 1);
ALTER TABLE "contract" ADD CONSTRAINT "contract_quantity_check" CHECK ("quantity" >= 1);
ALTER TABLE "contract" ADD CONSTRAINT "contract_amount_check" CHECK ("amount" IS NULL OR "amount" >= 0);
ALTER TABLE "contract" ADD CONSTRAINT "contract_currency_check" CHECK ("currency" IS NULL OR "currency" ~ '^[A-Z]{3}$');
ALTER TABLE "party" ADD CONSTRAINT "party_country_code_check" CHECK ("country_code" IS NULL OR "country_code" ~ '^[A-Z]{2}$');
ALTER TABLE "visit" ADD CONSTRAINT "visit_dates_check" CHECK ("end_date" IS NULL OR "start_date" IS NULL OR "end_date" >= "start_date");
ALTER TABLE "follow_up" ADD CONSTRAINT "follow_up_link_check"
  CHECK ("visit_id" IS NOT NULL OR "memorandum_id" IS NOT NULL OR "contract_id" IS NOT NULL);
ALTER TABLE "citation" ADD CONSTRAINT "citation_target_check"
  CHECK (num_nonnulls("visit_id", "memorandum_id", "contract_id", "follow_up_id") = 1);
ALTER TABLE "citation" ADD CONSTRAINT "citation_quote_check" CHECK (length("quote") > 0);
