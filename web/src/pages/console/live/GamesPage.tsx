import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { rowsSoFar } from "../../../components/LoadMore";
import styles from "../../../console/console.module.css";
import { type Game, liveRooms, liveWrites, refreshLive } from "../../../console/live/api";
import { formatDateTime } from "../../../format";
import { href } from "../../../paths";
import { CreateDialog } from "./CreateDialog";
import { RoomList } from "./RoomList";

/** `/console/games`: live scoreboards, live ones first; editors start a game and keep its score. */
export default function GamesPage() {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [status, setStatus] = useState<Game["status"] | "">("");
  const [creating, setCreating] = useState(false);
  const games = useInfiniteQuery(liveRooms.games(status || undefined));
  const rows = rowsSoFar(games);

  return (
    <RoomList
      title="Games"
      lead="Live scoreboards. Open a game to keep its score; everyone watching sees each change at once."
      noun="game"
      statuses={{ live: "Live", final: "Final" }}
      status={status}
      onStatus={setStatus}
      onNew={() => setCreating(true)}
      list={games}
      rows={rows.length}
      head={
        <>
          <th scope="col">Game</th>
          <th scope="col">Status</th>
          <th scope="col" className={styles.num}>
            Final score
          </th>
          <th scope="col">Started</th>
        </>
      }
    >
      {rows.map((game) => (
        <tr key={game.id}>
          <th scope="row">
            <Link to={href.consoleGame(game.id)}>
              {game.home_team} vs {game.away_team}
            </Link>
          </th>
          <td>
            <span className={`${styles.pill} ${game.status === "live" ? styles.bad : styles.info}`}>
              {game.status === "live" ? "Live" : "Final"}
            </span>
          </td>
          <td className={styles.num}>
            {game.final_score ? `${game.final_score.team_a}–${game.final_score.team_b}` : "—"}
          </td>
          <td className={styles.nowrap}>{formatDateTime(game.created_at)}</td>
        </tr>
      ))}
      {creating && (
        <CreateDialog
          title="New game"
          submitLabel="Create game"
          fields={[
            { name: "home_team", label: "Home team", required: true },
            { name: "away_team", label: "Away team", required: true },
          ]}
          create={(values) =>
            liveWrites.createGame({ home_team: values.home_team ?? "", away_team: values.away_team ?? "" })
          }
          onClose={() => setCreating(false)}
          onCreated={async (game) => {
            setCreating(false);
            await refreshLive(client);
            navigate(href.consoleGame(game.id));
          }}
        />
      )}
    </RoomList>
  );
}
