import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef } from "react";
import { Link, useLocation } from "react-router";
import { api, type Schemas, unwrap } from "../api/client";
import { discovery } from "../api/discovery";
import { ApiError } from "../api/problem";
import { calendar, catalog } from "../api/queries";
import { Field } from "../components/Field";
import { FormMessage } from "../components/FormMessage";
import { LiveNow } from "../components/LiveNow";
import { LoadError } from "../components/LoadError";
import { ProgramCard, ProgramCardSkeletons } from "../components/ProgramCard";
import { formatDayNumber, formatMonthShort, formatWeekdayTime } from "../format";
import { href } from "../paths";
import styles from "./HomePage.module.css";

export default function HomePage() {
  useScrollToHash();
  return (
    <>
      <title>Edge platform · learn something new this week</title>
      <section className={styles.hero}>
        <div className="container">
          <h1>Learn something new this week</h1>
          <p className={styles.lead}>
            Short lessons in languages, cooking and more, from people who love to teach. Watch at your own pace, join a
            live session, and come back whenever you like.
          </p>
          <p className={styles.actions}>
            <Link to={href.programs()} className="button button-large">
              Browse programs
            </Link>
            <Link to={href.calendar()} className="button button-large button-on-dark">
              See what's on
            </Link>
          </p>
        </div>
      </section>
      <div className={`container ${styles.sections}`}>
        <LiveNow />
        <FeaturedPrograms />
        <NewestPrograms />
        <div className={styles.columns}>
          <NextEvents />
          <SubscribeForm />
        </div>
      </div>
    </>
  );
}

/** The editors' picks in their order (marked so), then the newest programs; no row at all when there is nothing. */
function FeaturedPrograms() {
  const featured = useQuery(discovery.featured(4));
  if (featured.data?.data.length === 0) return null;
  return (
    <section aria-labelledby="featured-title">
      <div className="section-heading">
        <h2 id="featured-title">Featured</h2>
        <Link to={href.search()}>
          Search the catalog <span aria-hidden="true">→</span>
        </Link>
      </div>
      {featured.isError ? (
        <LoadError error={featured.error} onRetry={() => featured.refetch()} />
      ) : (
        <div className="card-grid" aria-busy={featured.isPending}>
          {featured.data ? (
            featured.data.data.map((program) => (
              <ProgramCard key={program.id} program={program} ribbon={program.featured ? "Editors' pick" : undefined} />
            ))
          ) : (
            <ProgramCardSkeletons count={4} />
          )}
        </div>
      )}
    </section>
  );
}

function NewestPrograms() {
  const programs = useQuery(catalog.newestPrograms(4));
  return (
    <section aria-labelledby="newest-title">
      <div className="section-heading">
        <h2 id="newest-title">New programs</h2>
        <Link to={href.programs()}>
          All programs <span aria-hidden="true">→</span>
        </Link>
      </div>
      {programs.isError ? (
        <LoadError error={programs.error} onRetry={() => programs.refetch()} />
      ) : (
        <div className="card-grid" aria-busy={programs.isPending}>
          {programs.data ? (
            programs.data.data.map((program) => <ProgramCard key={program.id} program={program} />)
          ) : (
            <ProgramCardSkeletons count={4} />
          )}
        </div>
      )}
      {programs.data?.data.length === 0 && <p>New programs are on their way. Come back soon.</p>}
    </section>
  );
}

function NextEvents() {
  const events = useQuery(calendar.upcoming(3));
  return (
    <section aria-labelledby="events-title" className={styles.panel}>
      <div className="section-heading">
        <h2 id="events-title">Coming up</h2>
        <Link to={href.calendar()}>
          Calendar <span aria-hidden="true">→</span>
        </Link>
      </div>
      {events.isError && <LoadError error={events.error} onRetry={() => events.refetch()} />}
      {events.isPending && <p className="muted">Loading events…</p>}
      {events.data?.data.length === 0 && <p>Nothing is planned just yet.</p>}
      {events.data && events.data.data.length > 0 && (
        <ul className={styles.events}>
          {events.data.data.map((event) => (
            <EventItem key={event.id} event={event} />
          ))}
        </ul>
      )}
    </section>
  );
}

function EventItem({ event }: { event: Schemas["Event"] }) {
  return (
    <li className={styles.event}>
      <time dateTime={event.start} className={styles.date}>
        <span className={styles.month}>{formatMonthShort(event.start)}</span>
        <span className={styles.day}>{formatDayNumber(event.start)}</span>
      </time>
      <div>
        <h3 className={styles.eventName}>{event.name}</h3>
        <p className="muted">
          {formatWeekdayTime(event.start)} ·{" "}
          {event.location ?? (event.online_link ? "Online" : "Place to be announced")}
        </p>
      </div>
    </li>
  );
}

function SubscribeForm() {
  const formRef = useRef<HTMLFormElement>(null);
  const subscribe = useMutation({
    mutationFn: (body: { name: string; email: string }) => unwrap(api.POST("/subscribe", { body })),
    onSuccess: () => formRef.current?.reset(),
  });

  // After a failed try, the first field with a problem gets the focus, so its message is read out with it.
  useEffect(() => {
    if (subscribe.error) formRef.current?.querySelector<HTMLElement>("[aria-invalid=true]")?.focus();
  }, [subscribe.error]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    subscribe.mutate({ name: String(form.get("name") ?? ""), email: String(form.get("email") ?? "") });
  }

  const error = subscribe.error instanceof ApiError ? subscribe.error : null;
  const fieldErrors = error?.fieldErrors() ?? {};
  const unplaced = error && !fieldErrors.name && !fieldErrors.email;
  return (
    <section id="subscribe" aria-labelledby="subscribe-title" className={`${styles.panel} ${styles.subscribe}`}>
      <h2 id="subscribe-title">Get the newsletter</h2>
      <p>New programs and upcoming events, once a month. Leave whenever you like.</p>
      {subscribe.isSuccess && (
        <FormMessage tone="success">
          <strong>You're on the list, {subscribe.data.name}.</strong> To leave it one day, keep this link:{" "}
          <Link to={href.unsubscribe(subscribe.data.unsubscribe_token)}>unsubscribe</Link>.
        </FormMessage>
      )}
      {unplaced && <FormMessage tone="error">{error.words}</FormMessage>}
      <form ref={formRef} onSubmit={submit} noValidate className={styles.subscribeForm}>
        <Field label="Name" name="name" autoComplete="name" required error={fieldErrors.name} />
        <Field label="Email" name="email" type="email" autoComplete="email" required error={fieldErrors.email} />
        <button type="submit" className="button" disabled={subscribe.isPending}>
          {subscribe.isPending ? "Subscribing…" : "Subscribe"}
        </button>
      </form>
    </section>
  );
}

/** `/#subscribe` from another page: scroll to the section once it is there. */
function useScrollToHash() {
  const { hash } = useLocation();
  useEffect(() => {
    if (hash) document.getElementById(hash.slice(1))?.scrollIntoView();
  }, [hash]);
}
