import { collectionOf, type Operation, type Parameter, poolKeyOf } from "./openapi";

// Ids and cursors seen in successful answers, so that cases reach past "no such resource": an id is filed under the
// collection its operation names (`lessons` for POST /cms/terms/{id}/lessons and GET /cms/lessons alike), a value of
// a patterned path parameter found in a URL (`/media/<key>` inside an asset's url) under that parameter's collection.

/** How many values a collection keeps: enough variety, and a bounded sample for the generators. */
const KEEP = 40;

/** Ids by collection, real cursors, and the ids that cases must never touch (the callers' own accounts). */
export class Pools {
  private readonly ids = new Map<string, string[]>();
  readonly cursors: string[] = [];
  private readonly patterns: { key: string; re: RegExp }[];

  /** `operations` tell which path parameters have a pattern; `protectedIds` are never filed. */
  constructor(
    operations: Operation[],
    private readonly protectedIds: Set<string>,
  ) {
    const patterned = operations.flatMap((op) =>
      op.params
        .filter((p) => p.in === "path" && p.schema.pattern)
        .map((p) => ({ key: poolKeyOf(op.path, p.name), source: (p.schema.pattern ?? "").replace(/^\^|\$$/g, "") })),
    );
    const unique = new Map(patterned.map((p) => [p.key + p.source, p]));
    // Only where the URL of the parameter's collection shows it (`/media/images/….png`): a pattern such as a
    // language tag's would match any word.
    this.patterns = [...unique.values()].map(({ key, source }) => ({
      key,
      re: new RegExp(`/${key}/(${source})`, "g"),
    }));
  }

  /** The ids seen in collection `key` (e.g. `programs`). */
  idsIn(key: string): string[] {
    return this.ids.get(key) ?? [];
  }

  /** The collection a path parameter's values come from. */
  keyOf(op: Operation, p: Parameter): string {
    return p.in === "path" ? poolKeyOf(op.path, p.name) : p.name.replace(/_id$/, "s");
  }

  private file(key: string, value: unknown): void {
    if (typeof value !== "string" && typeof value !== "number") return;
    const id = String(value);
    if (this.protectedIds.has(id)) return;
    const list = this.ids.get(key) ?? [];
    if (list.includes(id)) return;
    list.push(id);
    // The newest are kept: older ones are likelier to have been deleted.
    if (list.length > KEEP) list.shift();
    this.ids.set(key, list);
  }

  private scanStrings(value: unknown, depth = 0): void {
    if (depth > 6) return;
    if (typeof value === "string") {
      for (const { key, re } of this.patterns) for (const match of value.matchAll(re)) this.file(key, match[1]);
    } else if (Array.isArray(value)) {
      for (const item of value) this.scanStrings(item, depth + 1);
    } else if (value && typeof value === "object") {
      for (const item of Object.values(value)) this.scanStrings(item, depth + 1);
    }
  }

  /** Files what a 2xx JSON answer of `op` holds: its `id`, its page's ids and cursor, patterned values. */
  harvest(op: Operation, body: unknown): void {
    if (!body || typeof body !== "object") return;
    const key = collectionOf(op.path);
    const record = body as { id?: unknown; data?: unknown; next_cursor?: unknown };
    this.file(key, record.id);
    if (Array.isArray(record.data)) {
      for (const item of record.data) this.file(key, (item as { id?: unknown } | null)?.id);
    }
    if (typeof record.next_cursor === "string" && !this.cursors.includes(record.next_cursor)) {
      this.cursors.push(record.next_cursor);
      if (this.cursors.length > KEEP) this.cursors.shift();
    }
    this.scanStrings(body);
  }

  /** How many ids each collection holds, e.g. `programs 12, lessons 3`. */
  summary(): string {
    return [...this.ids.entries()].map(([key, list]) => `${key} ${list.length}`).join(", ");
  }
}
