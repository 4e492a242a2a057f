import type { FuzzCase } from "./cases";
import { describeFailure, type Failure } from "./oracle";
import type { Outcome, SentRequest } from "./send";

// Failures grouped into distinct ones (operation + broken rule + status + input class), each shown by its smallest
// example, after trying each change of a two-change case alone to find the one that matters.

/** One failing case, as sent and answered. */
export interface Seen {
  fuzzCase: FuzzCase;
  request: SentRequest;
  outcome: Outcome;
  failure: Failure;
}

/** A distinct failure: how often it was seen and its smallest example. */
export interface Distinct {
  key: string;
  count: number;
  example: Seen;
}

/** The input classes of a request's changes, in a stable order. */
const inputClass = (labels: string[]) => (labels.length ? [...labels].sort().join(" + ") : "valid request");

/** `operation | rule | status | input class`, the identity of a distinct failure. */
export const keyOf = (seen: Seen) =>
  `${seen.fuzzCase.op.id} | ${seen.failure.kind} | ${seen.outcome.status} | ${inputClass(seen.request.labels)}`;

const size = (seen: Seen) =>
  seen.request.target.length + (seen.request.body?.length ?? 0) + seen.request.labels.length * 10_000;

/**
 * Groups `failures` into distinct ones. A case with two changes is first replayed with each change alone
 * (`replay` sends it and returns the failure it then shows, if any), so that the group is named after the change
 * that causes it; at most `maxReplays` replays in all.
 */
export async function distinctFailures(
  failures: Seen[],
  replay: (seen: Seen, only: number) => Promise<Seen | undefined>,
  maxReplays = 60,
): Promise<{ distinct: Distinct[]; replays: number }> {
  const groups = new Map<string, Distinct>();
  const reduced = new Map<string, string>();
  let replays = 0;
  for (const original of failures) {
    let seen = original;
    const before = keyOf(seen);
    const known = reduced.get(before);
    if (known === undefined && seen.fuzzCase.mutations.length > 1 && replays < maxReplays) {
      for (let i = 0; i < seen.fuzzCase.mutations.length; i++) {
        replays++;
        const alone = await replay(seen, i);
        if (alone && alone.failure.kind === seen.failure.kind) {
          seen = alone;
          break;
        }
      }
      reduced.set(before, keyOf(seen));
    }
    const key = known ?? keyOf(seen);
    const group = groups.get(key);
    if (!group) groups.set(key, { key, count: 1, example: seen });
    else {
      group.count++;
      if (keyOf(seen) === key && size(seen) < size(group.example)) group.example = seen;
    }
  }
  return { distinct: [...groups.values()].sort((a, b) => a.key.localeCompare(b.key)), replays };
}

/** The report of distinct failures, each with its count and a request that reproduces it. */
export function failureReport(distinct: Distinct[], seed: number): string {
  const lines = distinct.map(({ key, count, example }, i) => {
    const { request, fuzzCase, outcome, failure } = example;
    return `#${i + 1} ${key} (seen ${count}×)\n${describeFailure(request, fuzzCase.caller, outcome, failure)}`;
  });
  return `${distinct.length} distinct failures (replay with FUZZ_SEED=${seed}):\n\n${lines.join("\n\n")}`;
}
