import type { ComponentProps, ReactNode } from "react";
import { ConsolePage } from "../../../console/ConsolePage";
import { FilterBar, SelectFilter } from "../../../console/filters";
import { PagedTable } from "../../../console/PagedTable";
import { useRoleAllows } from "../../../console/roles";

/**
 * The list page of one kind of live room (games, streams): its title, a "New …" button for editors, a status filter,
 * and the table of rooms a page at a time.
 *
 * @example
 * <RoomList title="Games" noun="game" statuses={{ live: "Live", final: "Final" }} status={status} … >{rows}</RoomList>
 */
export function RoomList<Status extends string>({
  title,
  lead,
  noun,
  statuses,
  status,
  onStatus,
  onNew,
  list,
  rows,
  head,
  children,
}: {
  title: string;
  lead: string;
  /** What a room is: "game" gives "New game", "All games", "Showing 3 games". */
  noun: string;
  /** Each status the filter offers, in words. */
  statuses: Record<Status, string>;
  status: Status | "";
  onStatus: (status: Status | "") => void;
  onNew: () => void;
  list: ComponentProps<typeof PagedTable>["list"];
  rows: number;
  head: ReactNode;
  children: ReactNode;
}) {
  const canEdit = useRoleAllows("editor");
  return (
    <ConsolePage
      title={title}
      lead={lead}
      actions={
        canEdit && (
          <button type="button" className="button" onClick={onNew}>
            <span aria-hidden="true">+</span> New {noun}
          </button>
        )
      }
    >
      <FilterBar label={`Filter ${noun}s`}>
        <SelectFilter label="Status" value={status} onChange={(value) => onStatus(value as Status | "")}>
          <option value="">All {noun}s</option>
          {(Object.entries(statuses) as [Status, string][]).map(([value, words]) => (
            <option key={value} value={value}>
              {words}
            </option>
          ))}
        </SelectFilter>
      </FilterBar>
      <PagedTable
        list={list}
        rows={rows}
        noun={noun}
        caption={title}
        empty={status ? `No ${noun}s with this status.` : `No ${noun}s yet.`}
        more={`More ${noun}s`}
        head={head}
      >
        {children}
      </PagedTable>
    </ConsolePage>
  );
}
