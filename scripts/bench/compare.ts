/**
 * The side-by-side section: our public catalog against the peer (Node + Fastify + PostgreSQL), route for route, on
 * the same data size, loaded in the same run with the same autocannon settings. One table per server of ours
 * (wrangler dev, Miniflare direct), each against the one measurement of the peer; "ours ÷ peer" above 1 means ours
 * serves more per second (req/s) or answers slower (p99).
 */
import type { CatalogShape } from "./catalog";
import type { RouteFigures } from "./load";
import { decimal, describeCache, integer, markdownTable, type Outcome, routeTable, type TargetFigures } from "./report";

export interface PeerFigures {
  url: string;
  programs: number;
  routes: RouteFigures[];
  catalog: CatalogShape;
}

/** The rows of a comparison, by the key both sides' routes carry (`compareAs`), and what the peer's side is. */
const ROWS = [
  { key: "floor", label: "floor: `GET /` vs the peer's `GET /floor`" },
  { key: "list:miss", label: "list of 20: miss (new URL each request)" },
  { key: "list:hit", label: "list of 20: hit (same URL)" },
  { key: "list:304", label: "list of 20: If-None-Match → 304", peerKey: "list:hit" },
  { key: "detail:miss", label: "program detail: miss (new URL each request)" },
  { key: "detail:hit", label: "program detail: hit (same URL)" },
  { key: "detail:304", label: "program detail: If-None-Match → 304", peerKey: "detail:hit" },
] as const;

const ratio = (ours: number, peer: number) => (peer > 0 ? (ours / peer).toFixed(2) : "n/a");

function comparisonTable(ours: RouteFigures[], peer: RouteFigures[]): string {
  const rows = ROWS.flatMap((row) => {
    const mine = ours.find((figures) => figures.compareAs === row.key);
    const theirs = peer.find((figures) => figures.compareAs === ("peerKey" in row ? row.peerKey : row.key));
    if (!mine || !theirs) return [];
    return [
      [
        row.label,
        describeCache(mine.cache) || "n/a",
        mine.cost ? `${mine.cost.queries} / ${mine.cost.rowsRead}` : "n/a",
        integer(mine.requestsPerSecond),
        decimal(mine.p50Ms),
        decimal(mine.p99Ms),
        integer(theirs.requestsPerSecond),
        decimal(theirs.p50Ms),
        decimal(theirs.p99Ms),
        ratio(mine.requestsPerSecond, theirs.requestsPerSecond),
        ratio(mine.p99Ms, theirs.p99Ms),
      ],
    ];
  });
  const header = [
    "route",
    "cache (ours)",
    "D1 queries / rows read per req",
    "ours req/s",
    "ours p50 ms",
    "ours p99 ms",
    "peer req/s",
    "peer p50 ms",
    "peer p99 ms",
    "req/s ours ÷ peer",
    "p99 ours ÷ peer",
  ];
  return markdownTable(header, rows, [false, false, ...Array<boolean>(header.length - 2).fill(true)]);
}

const describeShape = (shape: CatalogShape) =>
  `list page ${shape.listItems} programs (${integer(shape.listBytes)} bytes); program ${shape.terms} terms, ` +
  `${shape.lessons} published lessons (${integer(shape.detailBytes)} bytes)`;

/** Whether both sides serve the same data: same page size, same terms and lessons in the program. */
function shapeLines(ours: CatalogShape | undefined, peer: CatalogShape): string[] {
  const same = ours && ours.listItems === peer.listItems && ours.terms === peer.terms && ours.lessons === peer.lessons;
  return [
    `- Ours: ${ours ? describeShape(ours) : "not read"}.`,
    `- Peer: ${describeShape(peer)}.`,
    same
      ? "- Same programs, terms and lessons on both sides; the bodies differ in size because ours carry more fields " +
        "(description, topics, lesson_count, is_paid, subtitles…)."
      : "- **The two sides do not serve the same data: the ratios below compare different work.**",
  ];
}

/**
 * The section: the peer's own table, then ours ÷ peer for each of our servers that was measured. Without the peer,
 * one line saying why.
 */
export function peerSection(
  peer: Outcome<PeerFigures>,
  ours: { title: string; outcome: Outcome<TargetFigures> }[],
): string[] {
  const title = "### Ours vs the peer (Node + Fastify + PostgreSQL)";
  if (!peer.ok) return [title, "", `Peer not measured: ${peer.error}`, ""];
  const { url, programs, routes, catalog } = peer.value;
  const tables = ours.flatMap(({ title: server, outcome }) =>
    outcome.ok
      ? [`#### ${server} ÷ peer`, "", comparisonTable(outcome.value.routes, routes), ""]
      : [`#### ${server} ÷ peer`, "", `Not measured: ${outcome.error}`, ""],
  );
  const firstOurs = ours.find(({ outcome }) => outcome.ok)?.outcome;
  return [
    title,
    "",
    `The peer at ${url}, seeded by its own run.sh with N=${programs} programs × 2 terms × 10 lessons; ours with the ` +
      "same N in the local D1 (see scripts/bench/data.ts). Same routes, same autocannon settings, same run. The peer " +
      "has no edge cache and no ETags: its miss and hit rows are the same work, and our 304s are set against its 200.",
    "",
    ...shapeLines(firstOurs?.ok ? firstOurs.value.catalog : undefined, catalog),
    "",
    "#### The peer",
    "",
    routeTable(routes),
    "",
    ...tables,
  ];
}
