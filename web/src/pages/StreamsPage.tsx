import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { live } from "../api/live";
import { LoadError } from "../components/LoadError";
import { href } from "../paths";
import styles from "./LivePage.module.css";

/** `/live`: the streams, newest first; live ones say so. */
export default function StreamsPage() {
  const streams = useQuery(live.streams());
  return (
    <div className="container page">
      <title>Live · Edge platform</title>
      <h1>Live streams</h1>
      <p className="lead">Watch sessions as they happen and ask questions in the chat.</p>
      {streams.isError ? (
        <LoadError error={streams.error} onRetry={() => streams.refetch()} />
      ) : (
        <ul className={styles.streams} aria-busy={streams.isPending}>
          {streams.data?.data.map((stream) => (
            <li key={stream.id}>
              <Link to={href.live(stream.id)} className={styles.streamLink}>
                <span>
                  <span className={`badge ${stream.status === "live" ? styles.onAir : ""}`}>
                    {stream.status === "live" ? "Live" : "Ended"}
                  </span>
                </span>
                <h2>{stream.title}</h2>
                {stream.description && <p className="muted">{stream.description}</p>}
              </Link>
            </li>
          ))}
        </ul>
      )}
      {streams.data?.data.length === 0 && <p>Nothing is streaming yet. Come back soon.</p>}
    </div>
  );
}
