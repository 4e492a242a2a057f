import type { Database } from "../db/client";

export interface PublishReport {
  published: number;
  /** Due lessons left scheduled, with the reason (e.g. missing thumbnails). */
  blocked: { id: string; reason: string }[];
}

/** Publishes every scheduled lesson that has fallen due. */
export async function publishDueLessons(_db: Database, _now: Date): Promise<PublishReport> {
  return { published: 0, blocked: [] };
}
