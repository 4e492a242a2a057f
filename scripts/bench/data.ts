/**
 * What the bench adds to the local D1 `wrangler dev` uses, and its removal at the end:
 *   - 500 events in a month far from the demo data, for the calendar range route;
 *   - the bench catalog: N programs × 2 terms × 10 lessons, the same shape and size as the peer's seed
 *     (../shared/peers/fastify-catalog/seed.sql), so that both serve the same catalog;
 *   - the bench store: `BENCH_STORE_PRODUCTS` watches in every category, and one watch with stock enough for any
 *     checkout run;
 *   - the mailing-list subscribers `POST /subscribe` adds and the store customers the checkout bench signs up
 *     (`…@bench.invalid`), with their orders.
 * Everything is generated inside SQLite by recursive CTEs: a handful of statements whatever the size. Plain D1
 * statements, not the app's code: this is set-up, not what is measured.
 */
import { BENCH_EMAIL_DOMAIN } from "./requests";
import { withLocalD1 } from "./targets";

/** The month the bench fills with events (far from the demo data), as the range a calendar client asks for. */
export const BENCH_EVENT_MONTH = { from: "2031-03-01T00:00:00.000Z", to: "2031-04-01T00:00:00.000Z" };
const BENCH_EVENT_COUNT = 500;

/** Puts `BENCH_EVENT_COUNT` events into the bench month (idempotent: fixed ids), one statement inside SQLite. */
export async function addBenchEvents(): Promise<void> {
  await withLocalD1(async (db) => {
    await db
      .prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1),
           t(i, start) AS (SELECT i, strftime('%Y-%m-%dT%H:%M:%fZ', ?2, '+' || (i * 89) || ' minutes') FROM n)
         INSERT OR IGNORE INTO events (id, name, start, end, location, created_at, updated_at)
         SELECT 'bench-event-' || i, 'Bench event ' || i, start,
           strftime('%Y-%m-%dT%H:%M:%fZ', start, '+45 minutes'), 'Bench hall', ?2, ?2 FROM t`,
      )
      .bind(BENCH_EVENT_COUNT, BENCH_EVENT_MONTH.from)
      .run();
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The bench catalog

/** Ids of the bench catalog's programs are `bench-catalog-1` … `bench-catalog-N`; 1 is the most recently published. */
export const BENCH_PROGRAM_PREFIX = "bench-catalog-";
export const benchProgramId = (n: number) => `${BENCH_PROGRAM_PREFIX}${n}`;

/** Terms per program and lessons per term, as in the peer's seed. */
export const TERMS_PER_PROGRAM = 2;
export const LESSONS_PER_TERM = 10;
/**
 * The peer's seed leaves every fifth lesson of a term a draft (`CASE WHEN l % 5 = 0 THEN 'draft'`), although its
 * README says all are published: 8 of 10 per term are published, 16 of 20 per program. The bench catalog does the
 * same, so that both sides read and send the same lessons.
 */
export const DRAFT_EVERY = 5;

const NUMBERS = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)";
const ISO = "'%Y-%m-%dT%H:%M:%fZ'";
/** Tables of one column to cross with the programs: term numbers, (recursive) lesson numbers, image variants. */
const TERM_NUMBERS = `(SELECT value AS t FROM json_each('[${Array.from({ length: TERMS_PER_PROGRAM }, (_, i) => i + 1)}]')) AS tn`;
const LESSON_NUMBERS = `(SELECT 1 AS l UNION ALL SELECT l + 1 FROM ln WHERE l < ${LESSONS_PER_TERM})`;
const VARIANTS = "(SELECT 'portrait' AS v UNION ALL SELECT 'landscape') AS va";

/**
 * Replaces the bench catalog with `programs` programs in the local D1: each published `i` minutes before now (so that
 * they lead the list, ahead of the demo programs, in the order 1, 2, …), in English with Telugu also available, with
 * portrait and landscape posters in English; 2 terms of 10 video lessons, each lesson with portrait and landscape
 * thumbnails in English (its primary content language), every fifth a draft. Titles, URLs and durations follow the
 * peer's seed, so that answers are of comparable size. One batch: the old bench catalog goes in the same transaction.
 * `persistDir` is another local D1 than the one `wrangler dev` uses.
 */
export async function addBenchCatalog(programs: number, now = new Date(), persistDir?: string): Promise<void> {
  const stamp = now.toISOString();
  await withLocalD1(async (db) => {
    const programIds = `${NUMBERS}, p(i, id) AS (SELECT i, '${BENCH_PROGRAM_PREFIX}' || i FROM n)`;
    const lessonIds = `${programIds}, ln(l) AS ${LESSON_NUMBERS},
      les(id, term_id, l, i) AS (SELECT p.id || '-t' || tn.t || '-l' || ln.l, p.id || '-t' || tn.t, ln.l, p.i
        FROM p CROSS JOIN ${TERM_NUMBERS} CROSS JOIN ln)`;
    await db.batch([
      db.prepare(`DELETE FROM programs WHERE id LIKE '${BENCH_PROGRAM_PREFIX}%'`), // terms, lessons, assets cascade
      db
        .prepare(
          `${programIds} INSERT INTO programs (id, title, description, language_primary, languages_available, status,
             published_at, created_at, updated_at)
           SELECT id, 'Program ' || i, 'About program ' || i, 'en', '["en","te"]', 'published',
             strftime(${ISO}, ?2, '-' || i || ' minutes'), ?2, ?2 FROM p`,
        )
        .bind(programs, stamp),
      db
        .prepare(
          `${programIds} INSERT INTO program_assets (id, program_id, language, variant, asset_type, url, created_at,
             updated_at)
           SELECT p.id || '-poster-' || va.v, p.id, 'en', va.v, 'poster',
             'https://cdn.example/p' || p.i || '/' || va.v || '.jpg', ?2, ?2
           FROM p CROSS JOIN ${VARIANTS}`,
        )
        .bind(programs, stamp),
      db
        .prepare(
          `${programIds} INSERT INTO terms (id, program_id, term_number, title, created_at, updated_at)
           SELECT p.id || '-t' || tn.t, p.id, tn.t, 'Term ' || tn.t, ?2, ?2 FROM p CROSS JOIN ${TERM_NUMBERS}`,
        )
        .bind(programs, stamp),
      db
        .prepare(
          `${lessonIds} INSERT INTO lessons (id, term_id, lesson_number, title, content_type, duration_ms,
             content_language_primary, content_languages_available, content_urls_by_language, status, published_at,
             created_at, updated_at)
           SELECT id, term_id, l, 'Lesson ' || l, 'video', 600000, 'en', '["en"]',
             '{"en":"https://cdn.example/v.mp4"}',
             CASE WHEN l % ${DRAFT_EVERY} = 0 THEN 'draft' ELSE 'published' END,
             CASE WHEN l % ${DRAFT_EVERY} = 0 THEN NULL ELSE ?2 END, ?2, ?2
           FROM les`,
        )
        .bind(programs, stamp),
      db
        .prepare(
          `${lessonIds} INSERT INTO lesson_assets (id, lesson_id, language, variant, asset_type, url, created_at,
             updated_at)
           SELECT les.id || '-thumbnail-' || va.v, les.id, 'en', va.v, 'thumbnail',
             'https://cdn.example/' || les.id || '/' || va.v || '.jpg', ?2, ?2
           FROM les CROSS JOIN ${VARIANTS}`,
        )
        .bind(programs, stamp),
    ]);
  }, persistDir);
}

// ---------------------------------------------------------------------------------------------------------------
// The bench store

export const BENCH_STORE_PRODUCTS = 500;
const BENCH_WATCH_PREFIX = "bench-watch-";
export const benchWatchId = (n: number) => `${BENCH_WATCH_PREFIX}${n}`;
/** The watch every checkout of the bench buys: stock enough that no run sells out. */
export const CHECKOUT_WATCH_ID = `${BENCH_WATCH_PREFIX}checkout`;
const CATEGORIES = ["sport", "dress", "luxury", "diver", "pilot", "smart", "field", "chronograph"];

/**
 * Replaces the bench store's watches: `BENCH_STORE_PRODUCTS` in eight categories and ten brands, priced from 150.00
 * to 15,000.00, each with 50 in stock; and the checkout watch. Their old orders go first (a product with orders
 * cannot be deleted). One batch. `persistDir` is another local D1 than the one `wrangler dev` uses.
 */
export async function addBenchStore(now = new Date(), persistDir?: string): Promise<void> {
  const stamp = now.toISOString();
  const categories = `json('${JSON.stringify(CATEGORIES)}')`;
  await withLocalD1(async (db) => {
    await db.batch([
      ...removeBenchStore(db),
      db
        .prepare(
          `${NUMBERS} INSERT INTO products (id, name, brand, category, description, price_cents, currency, stock,
             movement, case_material, case_diameter_mm, water_resistance_m, year, condition, warranty_years,
             created_at, updated_at)
           SELECT '${BENCH_WATCH_PREFIX}' || i, 'Bench watch ' || i, 'Bench brand ' || (i % 10),
             json_extract(${categories}, '$[' || (i % ${CATEGORIES.length}) || ']'), 'A watch for the bench.',
             15000 + (i * 7919) % 1485000, 'USD', 50, 'automatic', 'steel', 40, 100, 2026, 'new', 2,
             strftime(${ISO}, ?2, '-' || i || ' minutes'), ?2
           FROM n`,
        )
        .bind(BENCH_STORE_PRODUCTS, stamp),
      db
        .prepare(
          `INSERT INTO products (id, name, brand, category, price_cents, currency, stock, created_at, updated_at)
           VALUES (?1, 'Bench checkout watch', 'Bench brand', 'sport', 10000, 'USD', 1000000000, ?2, ?2)`,
        )
        .bind(CHECKOUT_WATCH_ID, stamp),
    ]);
  }, persistDir);
}

/** The statements removing the bench store: its watches' orders, the watches (carts and alerts go with them). */
function removeBenchStore(db: D1Database): D1PreparedStatement[] {
  return [
    db.prepare(
      `DELETE FROM orders WHERE id IN (SELECT order_id FROM order_items WHERE product_id LIKE '${BENCH_WATCH_PREFIX}%')`,
    ),
    db.prepare(`DELETE FROM products WHERE id LIKE '${BENCH_WATCH_PREFIX}%'`),
  ];
}

/**
 * Deletes what this and earlier bench runs added to the local D1 (subscribers, events, the bench catalog's programs,
 * whose terms, lessons and assets go with them); returns how many rows were deleted directly.
 */
export async function removeBenchData(): Promise<number> {
  return withLocalD1(async (db) => {
    const results = await db.batch([
      db.prepare("DELETE FROM subscribers WHERE email LIKE ?").bind(`%@${BENCH_EMAIL_DOMAIN}`),
      db.prepare("DELETE FROM events WHERE id LIKE 'bench-event-%'"),
      db.prepare(`DELETE FROM programs WHERE id LIKE '${BENCH_PROGRAM_PREFIX}%'`),
      ...removeBenchStore(db),
      // Bench customers (their profiles and carts go with them); their orders went with the bench watches.
      db.prepare("DELETE FROM users WHERE email LIKE ?").bind(`%@${BENCH_EMAIL_DOMAIN}`),
    ]);
    return results.reduce((sum, result) => sum + (result.meta.changes ?? 0), 0);
  });
}
