-- Sources are searched by a folded search text like every record type (domain/search-text.ts buildSearchText of the
-- title and the key): lower case, ё as е, the Kazakh letters as their Russian look-alikes. Before, the title was
-- matched with ILIKE against a folded query, so a Kazakh title typed with its own letters found nothing.
ALTER TABLE "source_article" ADD COLUMN "search_text" TEXT NOT NULL DEFAULT '';

UPDATE "source_article"
SET "search_text" = translate(replace(lower(btrim(regexp_replace("title" || ' ' || chr(8291) || ' ' || "key", '\s+', ' ', 'g'))), 'ё', 'е'), 'қғңөұүәіһ', 'кгноууаих');

CREATE INDEX "source_article_search_text_trgm_idx" ON "source_article" USING GIN ("search_text" gin_trgm_ops);
