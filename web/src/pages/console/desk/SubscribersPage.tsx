import { keepPreviousData, useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { FormMessage } from "../../../components/FormMessage";
import { rowsSoFar } from "../../../components/LoadMore";
import { useAddressChoices } from "../../../components/useAddressChoices";
import { refreshSubscribers, type Subscriber, subscribers, subscriberWrites } from "../../../console/admin/subscribers";
import { ConfirmDialog } from "../../../console/ConfirmDialog";
import { ConsolePage } from "../../../console/ConsolePage";
import styles from "../../../console/console.module.css";
import { FilterBar, SearchFilter } from "../../../console/filters";
import { PagedTable } from "../../../console/PagedTable";
import { formatDateTime } from "../../../format";

/** `/console/subscribers` (admins): the mailing list, searched by name or email; a subscriber removed after asking. */
export default function SubscribersPage() {
  const client = useQueryClient();
  const [search, choose] = useAddressChoices();
  const q = search.get("q") || undefined;
  const list = useInfiniteQuery({ ...subscribers.list(q), placeholderData: keepPreviousData });
  const shown = rowsSoFar(list);
  const [deleting, setDeleting] = useState<Subscriber | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <ConsolePage
      title="Mailing list"
      lead="Everyone who signed up for the newsletter, newest first. Each email has an unsubscribe link of its own."
    >
      <FilterBar label="Filter subscribers">
        <SearchFilter value={q ?? ""} placeholder="Name or email" onSearch={(words) => choose({ q: words })} />
      </FilterBar>
      {notice && <FormMessage tone="success">{notice}</FormMessage>}
      <PagedTable
        list={list}
        rows={shown.length}
        noun="subscriber"
        caption="Subscribers"
        empty={q ? "No subscriber matches this search." : "Nobody has subscribed yet."}
        more="More subscribers"
        head={
          <>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Subscribed</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </>
        }
      >
        {shown.map((subscriber) => (
          <tr key={subscriber.id}>
            <th scope="row">{subscriber.name}</th>
            <td>{subscriber.email}</td>
            <td className={styles.nowrap}>{formatDateTime(subscriber.created_at)}</td>
            <td>
              <button
                type="button"
                className={`button button-quiet button-danger ${styles.small}`}
                onClick={() => setDeleting(subscriber)}
                aria-label={`Delete ${subscriber.email}`}
              >
                Delete
              </button>
            </td>
          </tr>
        ))}
      </PagedTable>

      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.email}?`}
          action="Delete"
          busyAction="Deleting…"
          run={() => subscriberWrites.remove(deleting.id)}
          onClose={() => setDeleting(null)}
          onDone={() => {
            setDeleting(null);
            setNotice(`${deleting.email} is off the mailing list.`);
            void refreshSubscribers(client);
          }}
        >
          <p>{deleting.name} gets no more newsletters. They can sign up again from the home page if they want to.</p>
        </ConfirmDialog>
      )}
    </ConsolePage>
  );
}
