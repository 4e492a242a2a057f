import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import type { Schemas } from "../api/client";
import { live } from "../api/live";
import { LoadError } from "../components/LoadError";
import { href } from "../paths";
import styles from "./ScoreboardPage.module.css";

/** `/scoreboards`: the games, live ones first, each a link to its live board. */
export default function ScoreboardsPage() {
  const games = useQuery(live.games());
  return (
    <div className="container page">
      <title>Scores · Edge platform</title>
      <h1>Scores</h1>
      <p className="lead">Follow a game as it happens: the score changes on your screen the moment it changes.</p>
      {games.isError ? (
        <LoadError error={games.error} onRetry={() => games.refetch()} />
      ) : (
        <ul className={styles.games} aria-busy={games.isPending}>
          {games.data?.data.map((game) => (
            <GameItem key={game.id} game={game} />
          ))}
        </ul>
      )}
      {games.data?.data.length === 0 && <p>No games yet. Come back on match day.</p>}
    </div>
  );
}

function GameItem({ game }: { game: Schemas["Game"] }) {
  const final = game.final_score;
  return (
    <li className={styles.gameItem}>
      <Link to={href.scoreboard(game.id)} className={styles.gameLink}>
        <span className={styles.matchup}>
          {game.home_team} <span className="muted">vs</span> {game.away_team}
        </span>
        {final ? (
          <span className={styles.result}>
            <span className="visually-hidden">Final score </span>
            {final.team_a}–{final.team_b}
          </span>
        ) : null}
        <span className={`badge ${game.status === "live" ? styles.liveBadge : ""}`}>
          {game.status === "live" ? "Live" : "Final"}
        </span>
      </Link>
    </li>
  );
}
