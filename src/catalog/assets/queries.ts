import { type Column, type SQL, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { isOneOf } from "../../db/filters";
import {
  type AssetVariant,
  type LESSON_ASSET_TYPES,
  lessonAssets,
  lessons,
  type PROGRAM_ASSET_TYPES,
  programAssets,
  programs,
} from "../schema";

/**
 * What owns an asset table: programs own posters in `program_assets`, lessons own thumbnails (and subtitles) in
 * `lesson_assets`. Both tables have the same shape apart from the owner's column, so one set of queries serves both.
 */
export interface AssetOwner {
  /** For messages: "program" or "lesson". */
  name: "program" | "lesson";
  table: typeof programs | typeof lessons;
  id: Column;
  /** The owner's JSON array of languages an asset may be in. */
  languages: Column;
  assets: typeof programAssets | typeof lessonAssets;
  /** The assets' column naming their owner. */
  assetOwnerId: Column;
}

export const PROGRAM_ASSETS: AssetOwner = {
  name: "program",
  table: programs,
  id: programs.id,
  languages: programs.languagesAvailable,
  assets: programAssets,
  assetOwnerId: programAssets.programId,
};

export const LESSON_ASSETS: AssetOwner = {
  name: "lesson",
  table: lessons,
  id: lessons.id,
  languages: lessons.contentLanguagesAvailable,
  assets: lessonAssets,
  assetOwnerId: lessonAssets.lessonId,
};

/** One asset row as the queries below return it: plain column names, the owner's id as `owner_id`. */
export interface AssetRecord {
  id: string;
  owner_id: string;
  language: string;
  variant: AssetVariant;
  asset_type: (typeof PROGRAM_ASSET_TYPES)[number] | (typeof LESSON_ASSET_TYPES)[number];
  url: string;
  updated_at: string;
}

/** Which asset of an owner: the table's unique key (owner, language, variant, asset_type). */
export interface AssetSlot {
  ownerId: string;
  language: string;
  variant: AssetVariant;
  assetType: AssetRecord["asset_type"];
}

/** A column by its bare name, as INSERT column lists, ON CONFLICT targets and RETURNING need it. */
const bare = (column: Column) => sql.identifier(column.name);

const languageAvailable = (owner: AssetOwner, language: string): SQL =>
  sql`EXISTS (SELECT 1 FROM json_each(${owner.languages}) WHERE value = ${language})`;

const returnedRecord = (owner: AssetOwner): SQL => {
  const a = owner.assets;
  return sql`${bare(a.id)}, ${bare(owner.assetOwnerId)} AS owner_id, ${bare(a.language)}, ${bare(a.variant)},
    ${bare(a.assetType)}, ${bare(a.url)}, ${bare(a.updatedAt)}`;
};

/** The languages the owner's assets may be in; undefined when there is no such owner. One primary-key read. */
export async function ownerLanguages(db: Database, owner: AssetOwner, id: string): Promise<string[] | undefined> {
  const row = await db.get<{ languages: string } | undefined>(
    sql`SELECT ${owner.languages} AS languages FROM ${owner.table} WHERE ${owner.id} = ${id}`,
  );
  return row ? (JSON.parse(row.languages) as string[]) : undefined;
}

/**
 * Creates or replaces the asset in `slot`, in one statement that also checks the owner exists and offers the
 * language (so a concurrent delete or language change cannot slip in between a check and the write). Undefined when
 * that check fails; `created` tells a new row (it kept the id generated here) from a replaced one.
 */
export async function upsertAsset(
  db: Database,
  owner: AssetOwner,
  slot: AssetSlot,
  url: string,
  now: string,
): Promise<{ record: AssetRecord; created: boolean } | undefined> {
  const a = owner.assets;
  const id = crypto.randomUUID();
  const record = await db.get<AssetRecord | undefined>(sql`
    INSERT INTO ${a} (${bare(a.id)}, ${bare(owner.assetOwnerId)}, ${bare(a.language)}, ${bare(a.variant)},
      ${bare(a.assetType)}, ${bare(a.url)}, ${bare(a.createdAt)}, ${bare(a.updatedAt)})
    SELECT ${id}, ${owner.id}, ${slot.language}, ${slot.variant}, ${slot.assetType}, ${url}, ${now}, ${now}
    FROM ${owner.table}
    WHERE ${owner.id} = ${slot.ownerId} AND ${languageAvailable(owner, slot.language)}
    ON CONFLICT (${bare(owner.assetOwnerId)}, ${bare(a.language)}, ${bare(a.variant)}, ${bare(a.assetType)})
    DO UPDATE SET ${bare(a.url)} = excluded.${bare(a.url)}, ${bare(a.updatedAt)} = excluded.${bare(a.updatedAt)}
    RETURNING ${returnedRecord(owner)}`);
  return record ? { record, created: record.id === id } : undefined;
}

/** Deletes the asset in `slot`; false when there was none. */
export async function deleteAsset(db: Database, owner: AssetOwner, slot: AssetSlot): Promise<boolean> {
  const a = owner.assets;
  const deleted = await db.get<{ id: string } | undefined>(sql`
    DELETE FROM ${a}
    WHERE ${owner.assetOwnerId} = ${slot.ownerId} AND ${a.language} = ${slot.language}
      AND ${a.variant} = ${slot.variant} AND ${a.assetType} = ${slot.assetType}
    RETURNING ${bare(a.id)}`);
  return deleted !== undefined;
}

/**
 * Every asset of the owner, by language, variant and type (the unique index's order, so no sort); undefined when there is no such owner. One query: the
 * owner left-joined to its assets (a single row of nulls when it has none).
 */
export async function listAssets(db: Database, owner: AssetOwner, id: string): Promise<AssetRecord[] | undefined> {
  const a = owner.assets;
  const rows = await db.all<Omit<AssetRecord, "id"> & { asset_id: string | null }>(sql`
    SELECT ${owner.id} AS owner_id, ${a.id} AS asset_id, ${a.language} AS language, ${a.variant} AS variant,
      ${a.assetType} AS asset_type, ${a.url} AS url, ${a.updatedAt} AS updated_at
    FROM ${owner.table} LEFT JOIN ${a} ON ${owner.assetOwnerId} = ${owner.id}
    WHERE ${owner.id} = ${id}
    ORDER BY ${a.language}, ${a.variant}, ${a.assetType}`);
  if (rows.length === 0) return undefined;
  return rows.flatMap(({ asset_id, ...rest }) => (asset_id === null ? [] : [{ id: asset_id, ...rest }]));
}

/** Every asset of the owners `ownerIds`, by owner, language, variant and type, in one statement. */
export function assetsOfOwners(db: Database, owner: AssetOwner, ownerIds: readonly string[]): Promise<AssetRecord[]> {
  const a = owner.assets;
  return db.all<AssetRecord>(sql`
    SELECT ${bare(a.id)}, ${bare(owner.assetOwnerId)} AS owner_id, ${bare(a.language)}, ${bare(a.variant)},
      ${bare(a.assetType)}, ${bare(a.url)}, ${bare(a.updatedAt)}
    FROM ${a}
    WHERE ${isOneOf(owner.assetOwnerId, ownerIds)}
    ORDER BY ${owner.assetOwnerId}, ${a.language}, ${a.variant}, ${a.assetType}`);
}
