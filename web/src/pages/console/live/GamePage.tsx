import { useParams } from "react-router";
import { Breadcrumb } from "../../../components/Breadcrumb";
import { ConsoleLoadError } from "../../../console/ConsoleLoadError";
import { ConsolePage } from "../../../console/ConsolePage";
import { ConnectionBadge } from "../../../live/ConnectionBadge";
import { ScoreBoard, ScoreControls, useLiveScore } from "../../../live/Scoreboard";
import { href } from "../../../paths";
import page from "./live.module.css";

/**
 * `/console/games/{id}`: the score controls beside the live board (the public scoreboard's own parts), so the
 * scorekeeper sees what everyone watching sees; viewers get the board alone.
 */
export default function GamePage() {
  const { id = "" } = useParams();
  const { game, score, take, state, home, away, final } = useLiveScore(id);
  const title = home && away ? `${home} vs ${away}` : "Game";
  return (
    <ConsolePage
      title={title}
      breadcrumb={<Breadcrumb trail={[[href.consoleGames(), "Games"]]} current={title} />}
      lead={
        <>
          <a href={href.scoreboard(id)} target="_blank" rel="noreferrer">
            Public scoreboard
          </a>{" "}
          <ConnectionBadge state={state} label="Live score" />
        </>
      }
    >
      {game.isError ? (
        <ConsoleLoadError error={game.error} onRetry={() => game.refetch()} />
      ) : (
        <div className={page.split}>
          <div className={page.board}>
            <ScoreBoard score={score} home={home} away={away} final={final} />
          </div>
          <div>{score && <ScoreControls score={score} onScore={take} />}</div>
        </div>
      )}
    </ConsolePage>
  );
}
