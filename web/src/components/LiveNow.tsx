import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { live } from "../api/live";
import { href } from "../paths";
import styles from "./LiveNow.module.css";

/** Games and streams live now, as links; nothing at all when none are. */
export function LiveNow() {
  const games = useQuery(live.games("live", 3));
  const streams = useQuery(live.streams("live", 3));
  const items = [
    ...(streams.data?.data ?? []).map((stream) => ({
      key: `stream-${stream.id}`,
      to: href.live(stream.id),
      kind: "Stream",
      title: stream.title,
    })),
    ...(games.data?.data ?? []).map((game) => ({
      key: `game-${game.id}`,
      to: href.scoreboard(game.id),
      kind: "Game",
      title: `${game.home_team} vs ${game.away_team}`,
    })),
  ];
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="live-now-title" className={styles.liveNow}>
      <h2 id="live-now-title">
        <span className={styles.dot} aria-hidden="true" />
        Live now
      </h2>
      <ul>
        {items.map((item) => (
          <li key={item.key}>
            <Link to={item.to}>
              <span className={styles.kind}>{item.kind}</span> {item.title}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
