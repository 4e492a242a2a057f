/** One search as analytics keeps it. */
export interface SearchRecord {
  /** The query as typed; normalised before it is counted. */
  query: string;
  /** How many results the whole search found. */
  hits: number;
}

/**
 * Counts a search for the editors' analytics, off the hot path: the write runs in `waitUntil`, after the answer has
 * gone. Never throws.
 */
export function recordSearch(_env: Env, _waitUntil: (promise: Promise<unknown>) => void, _search: SearchRecord): void {
  // Implemented by the analytics module.
}
