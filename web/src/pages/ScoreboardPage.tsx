import { ComingSoon } from "../components/ComingSoon";

/** `/scoreboards/{id}`: a game's live score. */
export default function ScoreboardPage() {
  return (
    <ComingSoon title="Scoreboard">
      <p>The live score of a game, updated the moment a point is scored.</p>
    </ComingSoon>
  );
}
