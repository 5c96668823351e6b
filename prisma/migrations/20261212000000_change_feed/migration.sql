-- The change feed: every committed change of a record or source appends one event in the same transaction
-- (a transactional outbox). xid is the writing transaction, and readers return only events of transactions
-- below the oldest one still running, in (xid, id) order, so that no reader moves past an event still to commit.
-- CreateTable
CREATE TABLE "change_event" (
    "id" BIGSERIAL NOT NULL,
    "xid" xid8 NOT NULL DEFAULT pg_current_xact_id(),
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "type" TEXT NOT NULL,
    "record_type" "EntityType" NOT NULL,
    "record_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "actor" JSONB NOT NULL,
    "changes" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "change_event_pkey" PRIMARY KEY ("id")
);

-- The position of the last event the retention purge deleted (one row): a cursor before it has lost events.
-- CreateTable
CREATE TABLE "change_feed_horizon" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "xid" xid8 NOT NULL DEFAULT '0'::xid8,
    "event_id" BIGINT NOT NULL DEFAULT 0,
    "purged_at" TIMESTAMPTZ(3),

    CONSTRAINT "change_feed_horizon_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "change_feed_horizon_single_check" CHECK ("id" = 1)
);

INSERT INTO "change_feed_horizon" ("id") VALUES (1);

-- CreateIndex
CREATE INDEX "change_event_xid_id_idx" ON "change_event"("xid", "id");
