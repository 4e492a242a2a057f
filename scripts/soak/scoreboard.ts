/**
 * A live game with many viewers: WebSocket clients on `GET /games/{id}/ws` (each from an address of its own), and an
 * editor scoring over HTTP (`POST /games/{id}/score/update`), one update after another.
 *
 * Verified afterwards: the final score is the sum of the acknowledged updates, team by team, at the version of the
 * last one; every viewer's socket stayed open, reached that version and saw every version on the way (no gap).
 * Delivery latency is from sending an update to a viewer receiving its version.
 */
import { randomInt } from "node:crypto";
import { closeAll, openClients, wsUrl } from "../bench/fanout";
import { json, postJson } from "../bench/requests";
import { type Check, count, readJson, repeatUntil, type SoakContext, type Workload, waitFor } from "./workload";

interface Score {
  team_a: number;
  team_b: number;
  version: number;
}

export async function prepareScoreboard(
  { baseUrl, editorToken, recorder }: SoakContext,
  viewers: number,
  pauseMs: number,
): Promise<Workload> {
  const game = await postJson<{ id: string }>(baseUrl, "/games", editorToken, {
    home_team: "Soak Home",
    away_team: "Soak Away",
  });
  const start = await readJson<Score>(baseUrl, `/games/${game.id}/score`);
  const lastVersion = new Array<number>(viewers).fill(start.version);
  let gaps = 0;
  const sentAt = new Map<number, number>();
  const sockets = await openClients(wsUrl(baseUrl, `/games/${game.id}/ws`), viewers, "snapshot", (viewer, frame) => {
    if (frame.type !== "score" || typeof frame.version !== "number") return;
    if (frame.version !== (lastVersion[viewer] ?? 0) + 1) gaps++;
    lastVersion[viewer] = frame.version;
    const sent = sentAt.get(frame.version);
    if (sent !== undefined) recorder.latency("score delivery (WebSocket)", performance.now() - sent, sent);
  });
  let closing = false;
  let dropped = 0;
  for (const socket of sockets) {
    socket.on("close", (code) => {
      if (closing) return;
      dropped++;
      recorder.problem(`a scoreboard viewer's socket closed during the run (code ${code})`);
    });
  }

  const points = { A: 0, B: 0 };
  let ackedVersion = start.version;
  let unanswered = 0;
  const update = async () => {
    const team = randomInt(2) === 0 ? "A" : "B";
    const scored = randomInt(1, 4);
    sentAt.set(ackedVersion + 1, performance.now());
    const request = { method: "POST" as const, path: `/games/${game.id}/score/update`, headers: json(editorToken) };
    const answer = await recorder.send(
      "score update",
      baseUrl,
      { ...request, body: JSON.stringify({ team, points: scored }) },
      200,
    );
    if (answer?.status !== 200) {
      if (answer === undefined) unanswered++; // it may have counted: the final score cannot be checked exactly
      return;
    }
    points[team] += scored;
    ackedVersion = (JSON.parse(answer.text) as Score).version;
  };

  return {
    run: (until) => repeatUntil(until, pauseMs, update),
    verify: async (): Promise<Check[]> => {
      await waitFor(() => lastVersion.every((version) => version >= ackedVersion));
      const final = await readJson<Score>(baseUrl, `/games/${game.id}/score`);
      const behind = lastVersion.filter((version) => version !== final.version).length;
      const updates = ackedVersion - start.version;
      return [
        {
          name: "the final score is the sum of the acknowledged updates",
          ok:
            final.team_a === points.A &&
            final.team_b === points.B &&
            final.version === ackedVersion &&
            unanswered === 0,
          detail: `${count(updates)} updates acknowledged: ${points.A}–${points.B} sent, ${final.team_a}–${final.team_b} stored, version ${final.version} (last acknowledged ${ackedVersion}); ${unanswered} unanswered`,
        },
        {
          name: `every scoreboard viewer (${count(viewers)}) stayed connected and saw every update in order`,
          ok: dropped === 0 && behind === 0 && gaps === 0,
          detail: `${dropped} sockets dropped, ${behind} not at the final version, ${gaps} gaps`,
        },
      ];
    },
    close: async () => {
      closing = true;
      closeAll(sockets);
      await postJson(baseUrl, `/games/${game.id}/finish`, editorToken, {}).catch(() => undefined);
    },
  };
}
