import { useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useParams } from "react-router";
import { ApiError } from "../../../api/problem";
import { useSession } from "../../../auth/session";
import { Breadcrumb } from "../../../components/Breadcrumb";
import { FormMessage } from "../../../components/FormMessage";
import { LoadMore, rowsSoFar } from "../../../components/LoadMore";
import { ConsoleLoadError } from "../../../console/ConsoleLoadError";
import { ConsolePage } from "../../../console/ConsolePage";
import styles from "../../../console/console.module.css";
import { desk, deskWrites, refreshDesk, type Ticket, type TicketChanges } from "../../../console/desk/api";
import deskStyles from "../../../console/desk/desk.module.css";
import { PRIORITY_TONE, PRIORITY_WORDS, STATUS_TONE, STATUS_WORDS } from "../../../console/desk/words";
import { consoleWords } from "../../../console/problems";
import { useRoleAllows } from "../../../console/roles";
import { href } from "../../../paths";
import NotFoundPage from "../../NotFoundPage";
import { ReplyForm } from "./ticket/ReplyForm";
import { Thread } from "./ticket/Thread";
import { type ChangeState, TicketControls } from "./ticket/TicketControls";

/**
 * `/console/tickets/:id`: a ticket and its thread. Everyone on the staff reads it; editors reply, add internal notes,
 * assign, change priority, close and reopen; each refusal of the API is said in words beside what was tried.
 */
export default function TicketPage() {
  const { id = "" } = useParams();
  const client = useQueryClient();
  const ticket = useQuery(desk.ticket(id));
  const thread = useInfiniteQuery(desk.thread(id));
  const you = useSession()?.user.id;
  const canWork = useRoleAllows("editor");
  const [change, setChange] = useState<ChangeState>({ busy: false, problems: {} });
  const [statusProblem, setStatusProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  if (ticket.error instanceof ApiError && ticket.error.status === 404) return <NotFoundPage what="ticket" />;
  const data = ticket.data;

  /** Sends a change; on success shows `done`, on failure says why beside the control that made it. */
  async function changeTicket(changes: TicketChanges, done: string) {
    setChange({ busy: true, problems: {} });
    setStatusProblem(null);
    setNotice(null);
    try {
      const saved = await deskWrites.change(id, changes);
      client.setQueryData(desk.ticket(id).queryKey, saved);
      void refreshDesk(client);
      setChange({ busy: false, problems: {} });
      setNotice(done);
    } catch (error) {
      const fields = error instanceof ApiError ? error.fieldErrors() : {};
      const words = fields.status ?? fields.priority ?? fields.assigned_to ?? consoleWords(error);
      if (changes.status !== undefined) setStatusProblem(words);
      setChange({
        busy: false,
        problems: {
          ...(changes.priority !== undefined && { priority: words }),
          ...(changes.assigned_to !== undefined && { assigned_to: words }),
        },
      });
    }
  }

  const toggleStatus = (current: Ticket) =>
    current.status === "open"
      ? changeTicket({ status: "closed" }, "Ticket closed. The customer sees that it was closed.")
      : changeTicket({ status: "open" }, "Ticket reopened.");

  return (
    <ConsolePage
      title={data?.title ?? "Ticket"}
      breadcrumb={<Breadcrumb trail={[[href.consoleTickets(), "Tickets"]]} current={data?.title ?? id} />}
      lead={
        data && (
          <>
            <span className={`${styles.pill} ${STATUS_TONE[data.status]}`}>{STATUS_WORDS[data.status]}</span>{" "}
            <span className={`${styles.pill} ${PRIORITY_TONE[data.priority]}`}>
              {PRIORITY_WORDS[data.priority]} priority
            </span>{" "}
            From {data.author_name ?? "a deleted account"}
            {data.assignee_name
              ? `, assigned to ${data.assigned_to === you ? "you" : data.assignee_name}.`
              : ", unassigned."}
          </>
        )
      }
      actions={
        data &&
        canWork && (
          <button
            type="button"
            className={`button ${data.status === "open" ? "button-quiet" : ""}`}
            disabled={change.busy}
            onClick={() => toggleStatus(data)}
          >
            {data.status === "open" ? "Close ticket" : "Reopen ticket"}
          </button>
        )
      }
    >
      {statusProblem && <FormMessage tone="error">{statusProblem}</FormMessage>}
      {notice && <FormMessage tone="success">{notice}</FormMessage>}
      {ticket.isError ? (
        <ConsoleLoadError error={ticket.error} onRetry={() => ticket.refetch()} />
      ) : !data ? (
        <div className={styles.panel} aria-busy="true">
          <div className="skeleton-line" />
          <div className="skeleton-line short" />
        </div>
      ) : (
        <div className={deskStyles.layout}>
          <div>
            <section className={styles.panel} aria-labelledby="ticket-description">
              <h2 id="ticket-description">What {data.author_name ?? "the customer"} wrote</h2>
              <p className={deskStyles.description}>{data.description}</p>
            </section>
            <section className={styles.panel} aria-labelledby="ticket-thread" aria-busy={thread.isFetching}>
              <h2 id="ticket-thread">Thread</h2>
              {thread.isError && rowsSoFar(thread).length === 0 ? (
                <ConsoleLoadError error={thread.error} onRetry={() => thread.refetch()} />
              ) : (
                <Thread entries={rowsSoFar(thread)} you={you} />
              )}
              <LoadMore list={thread} label="Later replies" className={styles.more} ErrorView={ConsoleLoadError} />
            </section>
            {canWork ? (
              <section className={styles.panel} aria-labelledby="ticket-reply">
                <h2 id="ticket-reply">Write</h2>
                <ReplyForm
                  ticket={data}
                  onSent={() => {
                    setNotice(null);
                    void refreshDesk(client);
                  }}
                />
              </section>
            ) : (
              <p className="message message-info">
                You can read the whole desk. Replying, assigning and closing tickets need the editor role.
              </p>
            )}
          </div>
          <aside className={styles.panel}>
            <TicketControls ticket={data} you={you} state={change} onChange={changeTicket} />
          </aside>
        </div>
      )}
    </ConsolePage>
  );
}
