import { type FormEvent, type ReactNode, useId, useMemo, useRef, useState } from "react";
import { ApiError } from "../../api/problem";
import { Field } from "../../components/Field";
import fieldStyles from "../../components/Field.module.css";
import { FormMessage } from "../../components/FormMessage";
import { Modal, ModalActions } from "../../components/Modal";
import modal from "../../components/Modal.module.css";
import styles from "./Calendar.module.css";
import { allZones, type CalendarEvent, formatLongDay } from "./dates";
import type { EventBody } from "./events";
import { type EventForm, eventBody, eventForm, formProblems, newEventForm, withStart } from "./form";

/** The order fields are in on the form, for focusing the first one with a problem. */
const FIELD_ORDER = [
  "name",
  "start",
  "end",
  "time_zone",
  "location",
  "online_link",
  "description",
  "min_attendees",
  "max_attendees",
  "location_notes",
  "preparation_notes",
];

/**
 * Creating an event on a day, or changing or deleting one: every field the API has, its rules checked before sending,
 * and the server's problems shown beside their fields. `save` and `remove` reject with the API's error.
 */
export function EventDialog({
  event,
  day,
  onClose,
  save,
  remove,
}: {
  /** The event to change; none to create one on `day`. */
  event?: CalendarEvent;
  day: string;
  onClose: () => void;
  save: (body: EventBody) => Promise<unknown>;
  remove?: () => Promise<unknown>;
}) {
  const [form, setForm] = useState<EventForm>(() => (event ? eventForm(event) : newEventForm(day)));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState<"saving" | "deleting" | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const zonesId = useId();
  const zones = useMemo(allZones, []);

  const set = (changes: Partial<EventForm>) => setForm((current) => ({ ...current, ...changes }));

  function showProblems(problems: Record<string, string>) {
    setErrors(problems);
    const first = FIELD_ORDER.find((name) => problems[name]);
    // After React has drawn the messages, so the field is announced with its description.
    requestAnimationFrame(() =>
      formRef.current
        ?.querySelector<HTMLElement>(`[data-field="${first}"] input, [data-field="${first}"] textarea`)
        ?.focus(),
    );
  }

  async function run(kind: "saving" | "deleting", action: () => Promise<unknown>) {
    setBusy(kind);
    setFailure(null);
    try {
      await action();
    } catch (error) {
      if (error instanceof ApiError && error.status !== 412) {
        const fields = error.fieldErrors();
        if (Object.keys(fields).length) showProblems(fields);
        else setFailure(error.words);
      }
    } finally {
      setBusy(null);
    }
  }

  function submit(submitted: FormEvent<HTMLFormElement>) {
    submitted.preventDefault();
    const problems = formProblems(form);
    if (Object.keys(problems).length) return showProblems(problems);
    setErrors({});
    void run("saving", () => save(eventBody(form)));
  }

  const title = event ? "Edit event" : `New event on ${formatLongDay(day)}`;
  const more = Boolean(
    form.description || form.minAttendees || form.maxAttendees || form.locationNotes || form.preparationNotes,
  );
  const moreErrors = ["description", "min_attendees", "max_attendees", "location_notes", "preparation_notes"].some(
    (name) => errors[name],
  );
  return (
    <Modal title={title} onClose={onClose}>
      <form ref={formRef} className={modal.form} onSubmit={submit} noValidate>
        {failure && <FormMessage tone="error">{failure}</FormMessage>}
        <div data-field="name">
          <Field
            label="Name"
            name="name"
            required
            maxLength={400}
            value={form.name}
            onChange={(input) => set({ name: input.target.value })}
            error={errors.name}
            placeholder="Add a title"
          />
        </div>
        <label className={styles.toggle}>
          <input type="checkbox" checked={form.allDay} onChange={(input) => set({ allDay: input.target.checked })} />
          All day
        </label>
        <div className={styles.when}>
          <div data-field="start" className={styles.whenRow}>
            <Field
              label="Start date"
              name="start_date"
              type="date"
              required
              value={form.startDate}
              onChange={(input) => setForm((current) => withStart(current, input.target.value, current.startTime))}
              error={errors.start}
            />
            {!form.allDay && (
              <Field
                label="Start time"
                name="start_time"
                type="time"
                required
                value={form.startTime}
                onChange={(input) => setForm((current) => withStart(current, current.startDate, input.target.value))}
              />
            )}
          </div>
          <div data-field="end" className={styles.whenRow}>
            <Field
              label={form.allDay ? "Last day" : "End date"}
              name="end_date"
              type="date"
              required
              value={form.endDate}
              onChange={(input) => set({ endDate: input.target.value })}
              error={errors.end}
            />
            {!form.allDay && (
              <Field
                label="End time"
                name="end_time"
                type="time"
                required
                value={form.endTime}
                onChange={(input) => set({ endTime: input.target.value })}
              />
            )}
          </div>
        </div>
        <div data-field="time_zone">
          <Field
            label="Time zone"
            name="time_zone"
            list={zonesId}
            autoComplete="off"
            hint={form.allDay ? "All-day events take the same dates everywhere." : "The times above are on this clock."}
            value={form.timeZone}
            onChange={(input) => set({ timeZone: input.target.value })}
            error={errors.time_zone}
          />
          <datalist id={zonesId}>
            {zones.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
        </div>
        <div data-field="location">
          <Field
            label="Location"
            name="location"
            value={form.location}
            onChange={(input) => set({ location: input.target.value })}
            error={errors.location}
            placeholder="A room, an address…"
          />
        </div>
        <div data-field="online_link">
          <Field
            label="Online link"
            name="online_link"
            type="url"
            inputMode="url"
            value={form.onlineLink}
            onChange={(input) => set({ onlineLink: input.target.value })}
            error={errors.online_link}
            placeholder="https://"
          />
        </div>
        <details className={styles.moreDetails} open={more || moreErrors || undefined}>
          <summary>More details</summary>
          <div className={styles.moreFields}>
            <TextArea
              label="Description"
              name="description"
              value={form.description}
              onChange={(value) => set({ description: value })}
              error={errors.description}
            />
            <div className={styles.whenRow}>
              <div data-field="min_attendees">
                <Field
                  label="Min. attendees"
                  name="min_attendees"
                  type="number"
                  min={1}
                  inputMode="numeric"
                  value={form.minAttendees}
                  onChange={(input) => set({ minAttendees: input.target.value })}
                  error={errors.min_attendees}
                />
              </div>
              <div data-field="max_attendees">
                <Field
                  label="Max. attendees"
                  name="max_attendees"
                  type="number"
                  min={1}
                  inputMode="numeric"
                  value={form.maxAttendees}
                  onChange={(input) => set({ maxAttendees: input.target.value })}
                  error={errors.max_attendees}
                />
              </div>
            </div>
            <TextArea
              label="Location notes"
              name="location_notes"
              value={form.locationNotes}
              onChange={(value) => set({ locationNotes: value })}
              error={errors.location_notes}
            />
            <TextArea
              label="Preparation notes"
              name="preparation_notes"
              value={form.preparationNotes}
              onChange={(value) => set({ preparationNotes: value })}
              error={errors.preparation_notes}
            />
          </div>
        </details>
        <ModalActions
          first={
            event &&
            remove && (
              <button
                type="button"
                className="button button-quiet button-danger"
                disabled={busy !== null}
                onClick={() => void run("deleting", remove)}
              >
                {busy === "deleting" ? "Deleting…" : "Delete"}
              </button>
            )
          }
          onCancel={onClose}
        >
          <button type="submit" className="button" disabled={busy !== null}>
            {busy === "saving" ? "Saving…" : "Save"}
          </button>
        </ModalActions>
      </form>
    </Modal>
  );
}

function TextArea({
  label,
  name,
  value,
  onChange,
  error,
}: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
}): ReactNode {
  const id = useId();
  return (
    <div className={fieldStyles.field} data-field={name}>
      <label htmlFor={id} className={fieldStyles.label}>
        {label}
      </label>
      <textarea
        id={id}
        name={name}
        rows={3}
        className={fieldStyles.input}
        value={value}
        onChange={(input) => onChange(input.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error && (
        <p id={`${id}-error`} className={fieldStyles.error}>
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
    </div>
  );
}
