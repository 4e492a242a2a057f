import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { rowsSoFar } from "../../../components/LoadMore";
import { useAddressChoices } from "../../../components/useAddressChoices";
import { ConsolePage } from "../../../console/ConsolePage";
import styles from "../../../console/console.module.css";
import { desk, type TicketFilter } from "../../../console/desk/api";
import deskStyles from "../../../console/desk/desk.module.css";
import { PRIORITY_TONE, PRIORITY_WORDS, STATUS_TONE, STATUS_WORDS } from "../../../console/desk/words";
import { FilterBar, SearchFilter, SelectFilter } from "../../../console/filters";
import { PagedTable } from "../../../console/PagedTable";
import { useRoleAllows } from "../../../console/roles";
import { formatDateTime } from "../../../format";
import { href } from "../../../paths";

/** The desk's views: every ticket, the signed-in person's, and those nobody has taken yet. */
const VIEWS = [
  { view: "", label: "All tickets", assigned_to: undefined },
  { view: "mine", label: "Mine", assigned_to: "me" },
  { view: "unassigned", label: "Unassigned", assigned_to: "unassigned" },
] as const;

/** `/console/tickets`: the support desk, newest first, by view, status, priority and words, a page at a time. */
export default function TicketsPage() {
  const [search, choose] = useAddressChoices();
  // Only editors and admins are assigned tickets, so only they have a "Mine".
  const assignable = useRoleAllows("editor");
  const views = VIEWS.filter((view) => view.view !== "mine" || assignable);
  const current = views.find((view) => view.view === (search.get("view") ?? "")) ?? VIEWS[0];
  const filter: TicketFilter = {
    q: search.get("q") || undefined,
    status: (search.get("status") || undefined) as TicketFilter["status"],
    priority: (search.get("priority") || undefined) as TicketFilter["priority"],
    assigned_to: current.assigned_to,
  };
  const tickets = useInfiniteQuery({ ...desk.tickets(filter), placeholderData: keepPreviousData });
  const shown = rowsSoFar(tickets);

  /** The address of a view, keeping the other filters. */
  const viewSearch = (view: string) => {
    const next = new URLSearchParams(search);
    if (view) next.set("view", view);
    else next.delete("view");
    return `?${next}`;
  };

  return (
    <ConsolePage
      title="Tickets"
      lead="The support desk: every customer's tickets, newest first. Open one to read its thread, reply, assign or close it."
    >
      <nav aria-label="Ticket views">
        <ul className={deskStyles.views}>
          {views.map((view) => (
            <li key={view.view}>
              <Link
                to={{ search: viewSearch(view.view) }}
                replace
                className={deskStyles.view}
                aria-current={view === current ? "page" : undefined}
              >
                {view.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <FilterBar label="Filter tickets">
        <SearchFilter
          value={filter.q ?? ""}
          placeholder="Words in the title or description"
          onSearch={(q) => choose({ q })}
        />
        <SelectFilter label="Status" value={filter.status ?? ""} onChange={(status) => choose({ status })}>
          <option value="">Any status</option>
          {Object.entries(STATUS_WORDS).map(([status, words]) => (
            <option key={status} value={status}>
              {words}
            </option>
          ))}
        </SelectFilter>
        <SelectFilter label="Priority" value={filter.priority ?? ""} onChange={(priority) => choose({ priority })}>
          <option value="">Any priority</option>
          {Object.entries(PRIORITY_WORDS).map(([priority, words]) => (
            <option key={priority} value={priority}>
              {words}
            </option>
          ))}
        </SelectFilter>
      </FilterBar>
      <PagedTable
        list={tickets}
        rows={shown.length}
        noun="ticket"
        caption={`Tickets: ${current.label.toLowerCase()}`}
        empty={
          current.view === "mine"
            ? "No tickets assigned to you match these filters."
            : current.view === "unassigned"
              ? "Every ticket that matches these filters has someone on it."
              : "No tickets match these filters."
        }
        more="More tickets"
        head={
          <>
            <th scope="col">Ticket</th>
            <th scope="col">Status</th>
            <th scope="col">Priority</th>
            <th scope="col">Assignee</th>
            <th scope="col" className={styles.num}>
              Replies
            </th>
            <th scope="col">Opened</th>
          </>
        }
      >
        {shown.map((ticket) => (
          <tr key={ticket.id}>
            <th scope="row">
              <Link to={href.consoleTicket(ticket.id)}>{ticket.title}</Link>
              <span className={styles.sub}>{ticket.author_name ?? "Deleted account"}</span>
            </th>
            <td>
              <span className={`${styles.pill} ${STATUS_TONE[ticket.status]}`}>{STATUS_WORDS[ticket.status]}</span>
            </td>
            <td>
              <span className={`${styles.pill} ${PRIORITY_TONE[ticket.priority]}`}>
                {PRIORITY_WORDS[ticket.priority]}
              </span>
            </td>
            <td>{ticket.assignee_name ?? "—"}</td>
            <td className={styles.num}>{ticket.reply_count}</td>
            <td className={styles.nowrap}>{formatDateTime(ticket.created_at)}</td>
          </tr>
        ))}
      </PagedTable>
    </ConsolePage>
  );
}
