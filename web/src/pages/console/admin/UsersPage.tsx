import { keepPreviousData, useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { ApiError } from "../../../api/problem";
import { useSession } from "../../../auth/session";
import { FormMessage } from "../../../components/FormMessage";
import { rowsSoFar } from "../../../components/LoadMore";
import { useAddressChoices } from "../../../components/useAddressChoices";
import { ROLE_NAMES, refreshUsers, type User, type UserFilter, users, userWrites } from "../../../console/admin/users";
import { ConfirmDialog } from "../../../console/ConfirmDialog";
import { ConsolePage } from "../../../console/ConsolePage";
import styles from "../../../console/console.module.css";
import { FilterBar, SearchFilter, SelectFilter } from "../../../console/filters";
import { PagedTable } from "../../../console/PagedTable";
import { consoleWords } from "../../../console/problems";
import { formatDate } from "../../../format";
import admin from "./Admin.module.css";
import { NewUserDialog } from "./NewUserDialog";

/** The API's 409 `last_admin`, in words naming the account it kept. */
const userWords = (user: User) => (error: unknown) =>
  error instanceof ApiError && error.code === "last_admin"
    ? `${user.name} is the only admin, and the platform needs one. Make another account admin first.`
    : consoleWords(error);

/**
 * `/console/users` (admins): every account, searched and filtered by role; create one, change a role, delete one. The
 * only admin can be neither demoted nor deleted: the row says so before anyone tries, and the API's refusal says so
 * in words if it comes anyway.
 */
export default function UsersPage() {
  const client = useQueryClient();
  const me = useSession()?.user.id;
  const [search, choose] = useAddressChoices();
  const filter: UserFilter = {
    q: search.get("q") || undefined,
    role: (search.get("role") || undefined) as UserFilter["role"],
  };
  const list = useInfiniteQuery({ ...users.list(filter), placeholderData: keepPreviousData });
  const admins = useQuery(users.admins());
  const onlyAdmin =
    admins.data && admins.data.data.length === 1 && !admins.data.next_cursor ? admins.data.data[0]?.id : undefined;
  const shown = rowsSoFar(list);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<User | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <ConsolePage
      title="Users"
      lead="Staff and customer accounts. Admins manage users and API keys, editors change content, viewers read."
      actions={
        <button type="button" className="button" onClick={() => setCreating(true)}>
          <span aria-hidden="true">+</span> New user
        </button>
      }
    >
      <FilterBar label="Filter users">
        <SearchFilter value={filter.q ?? ""} placeholder="Name or email" onSearch={(q) => choose({ q })} />
        <SelectFilter label="Role" value={filter.role ?? ""} onChange={(role) => choose({ role })}>
          <option value="">Any role</option>
          {Object.entries(ROLE_NAMES).map(([value, words]) => (
            <option key={value} value={value}>
              {words}
            </option>
          ))}
        </SelectFilter>
      </FilterBar>
      {notice && <FormMessage tone="success">{notice}</FormMessage>}
      <PagedTable
        list={list}
        rows={shown.length}
        noun="user"
        caption="Users"
        empty="No accounts match these filters."
        more="More users"
        head={
          <>
            <th scope="col">Name and email</th>
            <th scope="col">Role</th>
            <th scope="col">Since</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </>
        }
      >
        {shown.map((user) => (
          <UserRow
            key={user.id}
            user={user}
            isMe={user.id === me}
            isOnlyAdmin={user.id === onlyAdmin}
            onChanged={(changed) => {
              setNotice(`${changed.name} is now ${ROLE_NAMES[changed.role].toLowerCase()}.`);
              void refreshUsers(client);
            }}
            onDelete={() => setDeleting(user)}
          />
        ))}
      </PagedTable>

      {creating && (
        <NewUserDialog
          onClose={() => setCreating(false)}
          onCreated={(user) => {
            setCreating(false);
            setNotice(`${user.name} can now sign in as ${ROLE_NAMES[user.role].toLowerCase()}.`);
            void refreshUsers(client);
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          action="Delete"
          busyAction="Deleting…"
          run={() => userWrites.remove(deleting.id)}
          words={userWords(deleting)}
          onClose={() => setDeleting(null)}
          onDone={() => {
            setDeleting(null);
            setNotice(`${deleting.name} deleted.`);
            void refreshUsers(client);
          }}
        >
          <p>{deleting.email} can no longer sign in. Their tickets stay, without an author. This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </ConsolePage>
  );
}

/** One account: its role changes as it is chosen; what the API refuses shows under it and the role goes back. */
function UserRow({
  user,
  isMe,
  isOnlyAdmin,
  onChanged,
  onDelete,
}: {
  user: User;
  isMe: boolean;
  isOnlyAdmin: boolean;
  onChanged: (user: User) => void;
  onDelete: () => void;
}) {
  const noteId = useId();
  const [choice, setChoice] = useState<User["role"] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  async function changeRole(role: User["role"]) {
    setChoice(role);
    setFailure(null);
    try {
      onChanged(await userWrites.changeRole(user.id, role));
    } catch (error) {
      setFailure(userWords(user)(error));
    } finally {
      setChoice(null);
    }
  }

  return (
    <tr>
      <th scope="row">
        {user.name}
        {isMe && " (you)"}
        <span className={styles.sub}>{user.email}</span>
      </th>
      <td>
        <select
          className={`${styles.control} ${styles.small} ${admin.role}`}
          aria-label={`Role of ${user.name}`}
          aria-describedby={isOnlyAdmin || failure ? noteId : undefined}
          value={choice ?? user.role}
          disabled={choice !== null || isOnlyAdmin}
          onChange={(event) => void changeRole(event.target.value as User["role"])}
        >
          {Object.entries(ROLE_NAMES).map(([value, words]) => (
            <option key={value} value={value}>
              {words}
            </option>
          ))}
        </select>
        {(isOnlyAdmin || failure) && (
          <p
            id={noteId}
            className={`${failure ? styles.inlineError : styles.sub} ${admin.roleNote}`}
            role={failure ? "alert" : undefined}
          >
            {failure ?? "The only admin: the platform needs one, so make another account admin first."}
          </p>
        )}
      </td>
      <td className={styles.nowrap}>{formatDate(user.created_at)}</td>
      <td>
        <button
          type="button"
          className={`button button-quiet button-danger ${styles.small}`}
          onClick={onDelete}
          disabled={isOnlyAdmin}
          aria-describedby={isOnlyAdmin ? noteId : undefined}
          aria-label={`Delete ${user.name}`}
        >
          Delete
        </button>
      </td>
    </tr>
  );
}
