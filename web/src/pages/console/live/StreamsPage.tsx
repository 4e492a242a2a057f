import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { rowsSoFar } from "../../../components/LoadMore";
import { ConsolePage } from "../../../console/ConsolePage";
import styles from "../../../console/console.module.css";
import { FilterBar, SelectFilter } from "../../../console/filters";
import { liveRooms, liveWrites, refreshLive, type Stream } from "../../../console/live/api";
import { PagedTable } from "../../../console/PagedTable";
import { useRoleAllows } from "../../../console/roles";
import { formatDateTime } from "../../../format";
import { href } from "../../../paths";
import { CreateDialog } from "./CreateDialog";

/** `/console/streams`: live streams, newest first; editors start one and open it to moderate its chat. */
export default function StreamsPage() {
  const client = useQueryClient();
  const navigate = useNavigate();
  const canEdit = useRoleAllows("editor");
  const [status, setStatus] = useState<Stream["status"] | "">("");
  const [creating, setCreating] = useState(false);
  const streams = useInfiniteQuery(liveRooms.streams(status || undefined));
  const rows = rowsSoFar(streams);

  return (
    <ConsolePage
      title="Streams"
      lead="Live streams and their chat. Open a stream to moderate its chat or end it."
      actions={
        canEdit && (
          <button type="button" className="button" onClick={() => setCreating(true)}>
            <span aria-hidden="true">+</span> New stream
          </button>
        )
      }
    >
      <FilterBar label="Filter streams">
        <SelectFilter label="Status" value={status} onChange={(value) => setStatus(value as Stream["status"] | "")}>
          <option value="">All streams</option>
          <option value="live">Live</option>
          <option value="ended">Ended</option>
        </SelectFilter>
      </FilterBar>
      <PagedTable
        list={streams}
        rows={rows.length}
        noun="stream"
        caption="Streams"
        empty={status ? "No streams with this status." : "No streams yet."}
        more="More streams"
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
      </PagedTable>
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
    </ConsolePage>
  );
}
