import { useQuery } from "@tanstack/react-query";
import { SelectField } from "../../../../components/Field";
import { desk, type Ticket, type TicketChanges } from "../../../../console/desk/api";
import styles from "../../../../console/desk/desk.module.css";
import { PRIORITY_WORDS, STATUS_WORDS } from "../../../../console/desk/words";
import { useRoleAllows } from "../../../../console/roles";
import { formatDateTime } from "../../../../format";

/** A change the page is making, and what went wrong with each control's last one (by the API's field name). */
export interface ChangeState {
  busy: boolean;
  problems: Partial<Record<"priority" | "assigned_to", string>>;
}

/**
 * The ticket's facts beside its thread, and for editors the controls that change them: priority, and the assignee
 * (admins choose any staff member, as they may read the staff list; editors take the ticket themselves).
 */
export function TicketControls({
  ticket,
  you,
  state,
  onChange,
}: {
  ticket: Ticket;
  you: string | undefined;
  state: ChangeState;
  onChange: (changes: TicketChanges, done: string) => void;
}) {
  const canWork = useRoleAllows("editor");
  const canListStaff = useRoleAllows("admin");
  const staff = useQuery({ ...desk.assignable(), enabled: canListStaff });
  const assignee = ticket.assigned_to === you ? "You" : (ticket.assignee_name ?? "Nobody yet");

  return (
    <section className={styles.controls} aria-label="Ticket details">
      <dl>
        <dt>Status</dt>
        <dd>{STATUS_WORDS[ticket.status]}</dd>
        {!canWork && (
          <>
            <dt>Priority</dt>
            <dd>{PRIORITY_WORDS[ticket.priority]}</dd>
            <dt>Assignee</dt>
            <dd>{assignee}</dd>
          </>
        )}
        <dt>Customer</dt>
        <dd>{ticket.author_name ?? "Deleted account"}</dd>
        <dt>Opened</dt>
        <dd>{formatDateTime(ticket.created_at)}</dd>
        <dt>Updated</dt>
        <dd>{formatDateTime(ticket.updated_at)}</dd>
        {ticket.closed_at && (
          <>
            <dt>Closed</dt>
            <dd>{formatDateTime(ticket.closed_at)}</dd>
          </>
        )}
      </dl>
      {canWork && (
        <>
          <SelectField
            label="Priority"
            name="priority"
            value={ticket.priority}
            disabled={state.busy}
            choices={PRIORITY_WORDS}
            error={state.problems.priority}
            onChange={(event) => {
              const priority = event.target.value as Ticket["priority"];
              onChange({ priority }, `Priority set to ${PRIORITY_WORDS[priority].toLowerCase()}.`);
            }}
          />
          {canListStaff ? (
            <SelectField
              label="Assignee"
              name="assigned_to"
              value={ticket.assigned_to ?? ""}
              disabled={state.busy}
              blank="Nobody (unassigned)"
              error={state.problems.assigned_to}
              onChange={(event) => {
                const id = event.target.value || null;
                const name = staff.data?.find((member) => member.id === id)?.name;
                onChange({ assigned_to: id }, id ? `Assigned to ${name ?? "them"}.` : "Unassigned.");
              }}
            >
              {ticket.assigned_to && !staff.data?.some((member) => member.id === ticket.assigned_to) && (
                <option value={ticket.assigned_to}>{ticket.assignee_name ?? ticket.assigned_to}</option>
              )}
              {staff.data?.map((member) => (
                <option key={member.id} value={member.id}>
                  {member.name} ({member.role})
                </option>
              ))}
            </SelectField>
          ) : (
            <div>
              <p className={styles.assigneeLine}>
                <strong>Assignee:</strong> {assignee}
              </p>
              {ticket.assigned_to === you ? (
                <button
                  type="button"
                  className="button button-quiet"
                  disabled={state.busy}
                  onClick={() => onChange({ assigned_to: null }, "Unassigned: the ticket is back in Unassigned.")}
                >
                  Unassign me
                </button>
              ) : (
                <button
                  type="button"
                  className="button button-quiet"
                  disabled={state.busy || !you}
                  onClick={() => you && onChange({ assigned_to: you }, "Assigned to you.")}
                >
                  Assign to me
                </button>
              )}
              {state.problems.assigned_to && (
                <p className={styles.problem} role="alert">
                  {state.problems.assigned_to}
                </p>
              )}
            </div>
          )}
        </>
      )}
    </section>
  );
}
