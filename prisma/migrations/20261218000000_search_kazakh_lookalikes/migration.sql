-- Search folds Kazakh letters to the Russian look-alikes staff type on a Russian keyboard (domain/search-text.ts
-- KAZAKH_LOOKALIKES): the stored search texts are folded with the same table, so old and new records match alike.
UPDATE "party" SET "search_text" = translate("search_text", 'қғңөұүәіһ', 'кгноууаих') WHERE "search_text" ~ '[қғңөұүәіһ]';
UPDATE "person" SET "search_text" = translate("search_text", 'қғңөұүәіһ', 'кгноууаих') WHERE "search_text" ~ '[қғңөұүәіһ]';
UPDATE "visit" SET "search_text" = translate("search_text", 'қғңөұүәіһ', 'кгноууаих') WHERE "search_text" ~ '[қғңөұүәіһ]';
UPDATE "memorandum" SET "search_text" = translate("search_text", 'қғңөұүәіһ', 'кгноууаих') WHERE "search_text" ~ '[қғңөұүәіһ]';
UPDATE "contract" SET "search_text" = translate("search_text", 'қғңөұүәіһ', 'кгноууаих') WHERE "search_text" ~ '[қғңөұүәіһ]';
UPDATE "follow_up" SET "search_text" = translate("search_text", 'қғңөұүәіһ', 'кгноууаих') WHERE "search_text" ~ '[қғңөұүәіһ]';
