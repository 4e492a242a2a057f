import { Link, useParams } from "react-router";
import { Breadcrumb } from "../components/Breadcrumb";
import { LoadError } from "../components/LoadError";
import { ConnectionBadge } from "../live/ConnectionBadge";
import { ScoreBoard, ScoreControls, useLiveScore } from "../live/Scoreboard";
import { href } from "../paths";
import styles from "./ScoreboardPage.module.css";

/** `/scoreboards/{id}`: a game's score, live over its socket; editors get the controls that change it. */
export default function ScoreboardPage() {
  const { id = "" } = useParams();
  const { game, score, take, state, home, away, final } = useLiveScore(id);

  if (game.isError) {
    return (
      <div className="container page narrow">
        <title>Scoreboard · Edge platform</title>
        <h1>Scoreboard</h1>
        <LoadError error={game.error} onRetry={() => game.refetch()} />
        <p>
          <Link to={href.scoreboards()}>All games</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="container page">
      <title>{home && away ? `${home} vs ${away} · Scoreboard` : "Scoreboard · Edge platform"}</title>
      <Breadcrumb trail={[[href.scoreboards(), "Scores"]]} current={home && away ? `${home} vs ${away}` : "Game"} />
      <div className={styles.heading}>
        <h1>{home && away ? `${home} vs ${away}` : "Scoreboard"}</h1>
        <ConnectionBadge state={state} label="Live score" />
      </div>
      <ScoreBoard score={score} home={home} away={away} final={final} />
      {score && <ScoreControls score={score} onScore={take} />}
    </div>
  );
}
