import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { rowsSoFar } from "../../../components/LoadMore";
import styles from "../../../console/console.module.css";
import { liveRooms, liveWrites, refreshLive, type Stream } from "../../../console/live/api";
import { formatDateTime } from "../../../format";
import { href } from "../../../paths";
import { CreateDialog } from "./CreateDialog";
import { RoomList } from "./RoomList";

/** `/console/streams`: live streams, newest first; editors start one and open it to moderate its chat. */
export default function StreamsPage() {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [status, setStatus] = useState<Stream["status"] | "">("");
  const [creating, setCreating] = useState(false);
  const streams = useInfiniteQuery(liveRooms.streams(status || undefined));
  const rows = rowsSoFar(streams);

  return (
    <RoomList
      title="Streams"
      lead="Live streams and their chat. Open a stream to moderate its chat or end it."
      noun="stream"
      statuses={{ live: "Live", ended: "Ended" }}
      status={status}
      onStatus={setStatus}
      onNew={() => setCreating(true)}
      list={streams}
      rows={rows.length}
      head={
        <>
          <th scope="col">Stream</th>
          <th scope="col">Status</th>
          <th scope="col">Started</th>
          <th scope="col">Last change</th>
        </>
      }
    >
      {rows.map((stream) => (
        <tr key={stream.id}>
          <th scope="row">
            <Link to={href.consoleStream(stream.id)}>{stream.title}</Link>
            {stream.description && <span className={styles.sub}>{stream.description}</span>}
          </th>
          <td>
            <span className={`${styles.pill} ${stream.status === "live" ? styles.bad : styles.info}`}>
              {stream.status === "live" ? "Live" : "Ended"}
            </span>
          </td>
          <td className={styles.nowrap}>{formatDateTime(stream.created_at)}</td>
          <td className={styles.nowrap}>{formatDateTime(stream.updated_at)}</td>
        </tr>
      ))}
      {creating && (
        <CreateDialog
          title="New stream"
          submitLabel="Start stream"
          fields={[
            { name: "title", label: "Title", required: true },
            { name: "description", label: "Description", long: true },
            {
              name: "video_url",
              label: "Video address",
              hint: "The player's https address (a YouTube or Vimeo embed, a Cloudflare Stream iframe…)",
              required: true,
            },
          ]}
          create={(values) =>
            liveWrites.createStream({
              title: values.title ?? "",
              description: values.description ?? "",
              video_url: values.video_url ?? "",
            })
          }
          onClose={() => setCreating(false)}
          onCreated={async (stream) => {
            setCreating(false);
            await refreshLive(client);
            navigate(href.consoleStream(stream.id));
          }}
        />
      )}
    </RoomList>
  );
}
