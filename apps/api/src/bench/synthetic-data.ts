import pg from 'pg';
import { hashApiKey } from '../auth/api-keys.service.js';

export interface SyntheticSize {
  regions: number;
  organisations: number;
  visits: number;
  memoranda: number;
  contracts: number;
  followUps: number;
}

export const DEFAULT_SIZE: SyntheticSize = { regions: 40, organisations: 2000, visits: 20_000, memoranda: 50_000, contracts: 30_000, followUps: 60_000 };

/** A register with `memoranda` memoranda, every other table (but the regions) in DEFAULT_SIZE's proportions. */
export function sizeForScale(memoranda: number): SyntheticSize {
  const factor = memoranda / DEFAULT_SIZE.memoranda;
  const scaled = (count: number) => Math.max(1, Math.round(count * factor));
  return {
    regions: DEFAULT_SIZE.regions,
    organisations: scaled(DEFAULT_SIZE.organisations),
    visits: scaled(DEFAULT_SIZE.visits),
    memoranda,
    contracts: scaled(DEFAULT_SIZE.contracts),
    followUps: scaled(DEFAULT_SIZE.followUps),
  };
}

/**
 * Fills an empty, migrated database with a synthetic register in SQL (generate_series), so that a benchmark measures
 * queries at a realistic size in seconds rather than minutes (1M memoranda in minutes: every lookup by row number
 * goes through an index). Names mix Kazakh, Russian and English words. `progress` hears of each table as it is done.
 * Search texts are folded as domain/search-text.ts folds them (Kazakh letters to their Russian look-alikes).
 */
export async function generateSyntheticRegister(
  databaseUrl: string,
  size: SyntheticSize,
  apiKey: string,
  progress: (step: string) => void = () => {},
): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const step = async (done: string, sql: string, values: unknown[] = []) => {
    await client.query(sql, values);
    progress(done);
  };
  try {
    await client.query('BEGIN');
    await step(
      `${size.regions} regions`,
      `
      INSERT INTO party (id, kind, name_ru, name_kk, name_en, search_text, updated_at)
      SELECT gen_random_uuid(), 'region', 'Область ' || i, i || ' облысы', 'Region ' || i,
             translate(lower('Область ' || i || ' ' || i || ' облысы Region ' || i), 'қғңөұүәіһё', 'кгноууаихе'), now()
      FROM generate_series(1, $1) AS i`,
      [size.regions],
    );
    await client.query(`CREATE TEMP TABLE region_ids AS SELECT row_number() OVER (ORDER BY name_en) AS n, id FROM party WHERE kind = 'region'`);
    await client.query(`CREATE UNIQUE INDEX ON region_ids (n)`);
    await step(
      `${size.organisations} organisations`,
      `
      INSERT INTO party (id, kind, name_ru, name_kk, name_en, parent_id, search_text, updated_at)
      SELECT gen_random_uuid(), 'organisation', 'ТОО Предприятие ' || i, '«Кәсіпорын ' || i || '» ЖШС', 'Enterprise ' || i || ' LLP',
             (SELECT id FROM region_ids WHERE n = 1 + i % $2),
             translate(lower('ТОО Предприятие ' || i || ' кәсіпорын ' || i || ' Enterprise ' || i), 'қғңөұүәіһё', 'кгноууаихе'), now()
      FROM generate_series(1, $1) AS i`,
      [size.organisations, size.regions],
    );
    await client.query(`CREATE TEMP TABLE party_ids AS SELECT row_number() OVER (ORDER BY id) AS n, id FROM party`);
    await client.query(`CREATE UNIQUE INDEX ON party_ids (n)`);
    await client.query(`ANALYZE party_ids`);
    await step(
      `${size.visits} visits`,
      `
      INSERT INTO visit (id, title_ru, title_kk, visiting_party_id, start_date, start_date_precision, status, search_text, updated_at)
      SELECT gen_random_uuid(), 'Визит делегации №' || i, i || '-делегация сапары',
             (SELECT id FROM party_ids WHERE n = 1 + (i % (SELECT count(*) FROM party_ids))),
             DATE '2010-01-01' + (i % 5000), 'day', (ARRAY['planned','completed','cancelled']::"VisitStatus"[])[1 + i % 3],
             translate(lower('Визит делегации №' || i || ' делегация сапары'), 'қғңөұүәіһё', 'кгноууаихе'), now()
      FROM generate_series(1, $1) AS i`,
      [size.visits],
    );
    await step(
      `${size.memoranda} memoranda`,
      `
      INSERT INTO memorandum (id, title_ru, title_kk, title_en, signed_on, signed_on_precision, spheres, quantity, status, search_text, updated_at)
      SELECT gen_random_uuid(), 'Меморандум о сотрудничестве №' || i, 'Ынтымақтастық туралы меморандум №' || i, 'Cooperation memorandum ' || i,
             DATE '2010-01-01' + (i % 5000), 'day',
             ARRAY[(ARRAY['trade','industry','agriculture','culture','education','health']::"Sphere"[])[1 + i % 6]],
             1 + i % 3, (ARRAY['draft','signed','in_progress','fulfilled','stalled','terminated','expired']::"MemorandumStatus"[])[1 + i % 7],
             translate(lower('Меморандум о сотрудничестве №' || i || ' ынтымақтастық туралы меморандум cooperation memorandum ' || i), 'қғңөұүәіһё', 'кгноууаихе'), now()
      FROM generate_series(1, $1) AS i`,
      [size.memoranda],
    );
    await step(
      'their parties',
      `
      INSERT INTO memorandum_party (memorandum_id, party_id, role)
      SELECT m.id, p.id, 'signatory'
      FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM memorandum) m
      JOIN party_ids p ON p.n IN (1 + m.n % (SELECT count(*) FROM party_ids), 1 + (m.n * 7 + 3) % (SELECT count(*) FROM party_ids))
      ON CONFLICT DO NOTHING`,
    );
    await step(
      `${size.contracts} contracts`,
      `
      INSERT INTO contract (id, title_ru, amount, currency, signed_on, signed_on_precision, status, search_text, updated_at)
      SELECT gen_random_uuid(), 'Договор поставки №' || i, (i * 1000)::numeric, 'KZT', DATE '2010-01-01' + (i % 5000), 'day',
             (ARRAY['negotiating','signed','in_execution','fulfilled','cancelled']::"ContractStatus"[])[1 + i % 5],
             translate(lower('Договор поставки №' || i), 'қғңөұүәіһё', 'кгноууаихе'), now()
      FROM generate_series(1, $1) AS i`,
      [size.contracts],
    );
    await step(
      `${size.followUps} follow-ups`,
      `
      INSERT INTO follow_up (id, title_ru, due_on, due_on_precision, status, visit_id, responsible_party_id, search_text, updated_at)
      SELECT gen_random_uuid(), 'Ответный визит №' || i, CURRENT_DATE - 2000 + (i % 4000),
             (ARRAY['day','month','year']::"DatePrecision"[])[1 + i % 3],
             (ARRAY['planned','in_progress','done','cancelled']::"FollowUpStatus"[])[1 + i % 4],
             v.id, p.id, translate(lower('Ответный визит №' || i), 'қғңөұүәіһё', 'кгноууаихе'), now()
      FROM generate_series(1, $1) AS i
      JOIN (SELECT id, row_number() OVER (ORDER BY id) AS n FROM visit) v ON v.n = 1 + i % $2
      JOIN party_ids p ON p.n = 1 + i % (SELECT count(*) FROM party_ids)`,
      [size.followUps, size.visits],
    );
    await client.query(`INSERT INTO api_key (id, name, prefix, secret_hash, scopes) VALUES (gen_random_uuid(), 'bench', 'bench', $1, '{read,write}')`, [
      hashApiKey(apiKey),
    ]);
    await client.query('COMMIT');
    // As autovacuum would in production: index-only scans (live-record counts) need the visibility map.
    await client.query('VACUUM ANALYZE');
    progress('VACUUM ANALYZE');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
