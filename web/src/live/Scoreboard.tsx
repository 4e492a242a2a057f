import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, type Schemas, unwrap } from "../api/client";
import { live } from "../api/live";
import { ApiError } from "../api/problem";
import { useSession } from "../auth/session";
import { FormMessage } from "../components/FormMessage";
import type { ScoreFrame } from "./frames";
import { canEdit } from "./roles";
import styles from "./Scoreboard.module.css";
import { useRoomSocket } from "./socket";

export type Score = Schemas["Score"];

/**
 * A game as the registry lists it and its score as it is now, live over the game's socket. A newer version wins,
 * wherever it came from (the socket, or an editor's own change answered over HTTP: pass it to `take`).
 *
 * @example
 * const { game, score, take, state } = useLiveScore(id);
 */
export function useLiveScore(id: string) {
  const game = useQuery(live.game(id));
  const [score, setScore] = useState<Score | null>(null);
  const take = (next: Score) => setScore((current) => (current && current.version > next.version ? current : next));
  const { state } = useRoomSocket<ScoreFrame>({
    key: id,
    url: () => (game.isError ? null : `/games/${encodeURIComponent(id)}/ws`),
    onFrame: (frame) => {
      if (frame.type === "snapshot" || frame.type === "score") {
        const { type: _type, ...next } = frame;
        take(next);
      }
    },
  });
  const home = score?.home_team ?? game.data?.home_team;
  const away = score?.away_team ?? game.data?.away_team;
  const final = score?.status === "final" || (!score && game.data?.status === "final");
  return { game, score, take, state, home, away, final };
}

/** The board: each team's points, whether the game is live or final, and the period; read out politely on change. */
export function ScoreBoard({
  score,
  home,
  away,
  final,
}: {
  score: Score | null;
  home?: string;
  away?: string;
  final: boolean;
}) {
  return (
    <>
      <section className={styles.board} aria-label="Score" aria-busy={!score}>
        <Team name={home} points={score?.team_a} side="Home" />
        <div className={styles.middle}>
          <span className={`${styles.status} ${final ? styles.final : styles.live}`}>{final ? "Final" : "Live"}</span>
          <span className={styles.period}>{score ? `Period ${score.period}` : "\u00a0"}</span>
        </div>
        <Team name={away} points={score?.team_b} side="Away" />
      </section>
      {score && (
        <p className="visually-hidden" role="status">
          {`${score.home_team} ${score.team_a}, ${score.away_team} ${score.team_b}, period ${score.period}${final ? ", final" : ""}.`}
        </p>
      )}
    </>
  );
}

function Team({ name, points, side }: { name?: string; points?: number; side: string }) {
  return (
    <div className={styles.team}>
      <span className={styles.side}>{side}</span>
      <span className={styles.teamName}>{name ?? "\u00a0"}</span>
      <span className={styles.points}>{points ?? "–"}</span>
    </div>
  );
}

type Action =
  | { kind: "points"; team: "A" | "B"; points: 1 | 2 | 3 }
  | { kind: "undo" }
  | { kind: "period" }
  | { kind: "reset" }
  | { kind: "finish" };

/** Actions that cannot be taken back, asked twice. */
type Weighty = "reset" | "finish";

const CONFIRM: Record<Weighty, { ask: string; yes: string }> = {
  reset: { ask: "Reset score…", yes: "Yes, reset to 0–0" },
  finish: { ask: "Finish game…", yes: "Yes, finish the game" },
};

/** Editors' controls, through the API's guarded routes; anyone else sees none. */
export function ScoreControls({ score, onScore }: { score: Score; onScore: (score: Score) => void }) {
  const current = useSession();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState<Weighty | null>(null);
  const path = { path: { id: score.game_id } };
  const change = useMutation({
    mutationFn: (action: Action) => {
      switch (action.kind) {
        case "points":
          return unwrap(
            api.POST("/games/{id}/score/update", {
              params: path,
              body: { team: action.team, points: action.points },
            }),
          );
        case "undo":
          return unwrap(api.POST("/games/{id}/score/undo", { params: path }));
        case "period":
          return unwrap(api.POST("/games/{id}/period", { params: path }));
        case "reset":
          return unwrap(api.POST("/games/{id}/reset", { params: path }));
        case "finish":
          return unwrap(api.POST("/games/{id}/finish", { params: path }));
      }
    },
    onSuccess: (next, action) => {
      onScore(next);
      if (action.kind === "finish") void queryClient.invalidateQueries({ queryKey: ["games"] });
    },
    onSettled: () => setConfirming(null),
  });
  if (!canEdit(current)) return null;
  const finished = score.status === "final";
  const busy = change.isPending || finished;
  const error = change.error instanceof ApiError ? change.error : null;
  return (
    <section className={styles.controls} aria-labelledby="controls-title">
      <h2 id="controls-title">Scorekeeping</h2>
      {finished ? (
        <p className="muted">This game is over: its score is final.</p>
      ) : (
        <p className="muted">Changes go out to everyone watching at once.</p>
      )}
      {error && <FormMessage tone="error">{error.problem.detail || error.words}</FormMessage>}
      <div className={styles.teamControls}>
        {(["A", "B"] as const).map((team) => (
          <fieldset key={team} className={styles.pointGroup} disabled={busy}>
            <legend>{team === "A" ? score.home_team : score.away_team}</legend>
            {([1, 2, 3] as const).map((points) => (
              <button
                key={points}
                type="button"
                className="button"
                aria-label={`${points} ${points === 1 ? "point" : "points"} to ${team === "A" ? score.home_team : score.away_team}`}
                onClick={() => change.mutate({ kind: "points", team, points })}
              >
                +{points}
              </button>
            ))}
          </fieldset>
        ))}
      </div>
      <div className={styles.gameControls}>
        <button
          type="button"
          className="button button-quiet"
          disabled={busy}
          onClick={() => change.mutate({ kind: "undo" })}
        >
          Undo last score
        </button>
        <button
          type="button"
          className="button button-quiet"
          disabled={busy}
          onClick={() => change.mutate({ kind: "period" })}
        >
          Next period
        </button>
        {(["reset", "finish"] as const).map((kind) =>
          confirming === kind ? (
            <span key={kind} className={styles.confirm}>
              <button
                type="button"
                className={`button ${styles.danger}`}
                disabled={busy}
                onClick={() => change.mutate({ kind })}
              >
                {CONFIRM[kind].yes}
              </button>
              <button type="button" className="button button-quiet" onClick={() => setConfirming(null)}>
                Keep playing
              </button>
            </span>
          ) : (
            <button
              key={kind}
              type="button"
              className="button button-quiet"
              disabled={busy}
              onClick={() => setConfirming(kind)}
            >
              {CONFIRM[kind].ask}
            </button>
          ),
        )}
      </div>
    </section>
  );
}
