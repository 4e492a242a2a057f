import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { rowsSoFar } from "../../../components/LoadMore";
import { useAddressChoices } from "../../../components/useAddressChoices";
import { ConsolePage } from "../../../console/ConsolePage";
import { type Lesson, type LessonFilter, lessonQueries } from "../../../console/catalog/lessons";
import styles from "../../../console/console.module.css";
import { FilterBar, SearchFilter, SelectFilter } from "../../../console/filters";
import { PagedTable } from "../../../console/PagedTable";
import { CONTENT_TYPE_WORDS, formatDateTime, languageName } from "../../../format";
import { href } from "../../../paths";
import lessonStyles from "./lesson/Lesson.module.css";
import { PublishProblem } from "./lesson/PublishProblem";
import { missingFromReason } from "./lesson/publish-error";
import { LESSON_STATUS_WORDS, LessonStatusPill } from "./lesson/status";
import { inEditorZone } from "./lesson/time-zone";

/** The filters the address keeps (`?status=scheduled&program_id=…&language=te&q=market&view=problems`). */
const FILTERS = ["status", "program_id", "term_id", "language", "q"] as const;

/**
 * `/console/lessons`: every lesson, newest change first, by status, program, language and words, a page at a time;
 * and the "Publish problems" view: the scheduled lessons the scheduler could not publish, why, and where to fix it.
 * Every filter lives in the address, so a view can be bookmarked and shared.
 */
export default function LessonsPage() {
  const [search, choose] = useAddressChoices();
  const problems = search.get("view") === "problems";
  const filter: LessonFilter = Object.fromEntries(
    FILTERS.map((name) => [name, search.get(name) || undefined]).filter(([, value]) => value),
  );
  if (problems) {
    filter.has_publish_error = "true";
    delete filter.status;
  }
  const lessons = useInfiniteQuery({ ...lessonQueries.list(filter), placeholderData: keepPreviousData });
  const shown = rowsSoFar(lessons);
  const addressOf = (view: "all" | "problems") =>
    href.consoleLessons({
      ...Object.fromEntries(FILTERS.map((name) => [name, search.get(name) ?? undefined])),
      view: view === "problems" ? "problems" : undefined,
    });

  return (
    <ConsolePage
      title={problems ? "Publish problems" : "Lessons"}
      lead={
        problems
          ? "Scheduled lessons the scheduler could not publish when they fell due, and why. Each is published on the scheduler's next run once fixed."
          : "Every lesson of every program, most recently changed first. Open one to edit, schedule or publish it."
      }
    >
      <nav aria-label="Lesson views">
        <ul className={lessonStyles.views}>
          <li>
            <Link to={addressOf("all")} aria-current={problems ? undefined : "page"}>
              All lessons
            </Link>
          </li>
          <li>
            <Link to={addressOf("problems")} aria-current={problems ? "page" : undefined}>
              Publish problems
            </Link>
          </li>
        </ul>
      </nav>
      <Filters filter={filter} problems={problems} onChange={(name, value) => choose({ [name]: value })} />
      {filter.term_id && (
        <p className={styles.count}>
          Only one term's lessons (from a lesson's breadcrumb).{" "}
          <button
            type="button"
            className={`button button-quiet ${styles.small}`}
            onClick={() => choose({ term_id: "" })}
          >
            Show every term
          </button>
        </p>
      )}
      <PagedTable
        list={lessons}
        rows={shown.length}
        noun="lesson"
        caption={problems ? "Lessons the scheduler could not publish" : "Lessons"}
        empty={
          problems
            ? "No publish problems: every lesson that fell due was published."
            : "No lessons match these filters."
        }
        more="More lessons"
        head={
          problems ? (
            <>
              <th scope="col">Lesson</th>
              <th scope="col">Why it was not published</th>
            </>
          ) : (
            <>
              <th scope="col">Lesson</th>
              <th scope="col">Language</th>
              <th scope="col">Status</th>
              <th scope="col">When</th>
            </>
          )
        }
      >
        {shown.map((lesson) =>
          problems ? <ProblemRow key={lesson.id} lesson={lesson} /> : <LessonRow key={lesson.id} lesson={lesson} />,
        )}
      </PagedTable>
    </ConsolePage>
  );
}

/** The lesson's title as the link to its editor, what kind of lesson it is, and any more it says (`children`). */
function LessonTitle({ lesson, children }: { lesson: Lesson; children?: ReactNode }) {
  return (
    <th scope="row" className={children ? undefined : lessonStyles.titleCell}>
      <Link to={href.consoleLesson(lesson.id)}>{lesson.title}</Link>
      <span className={styles.sub}>
        Lesson {lesson.lesson_number} · {CONTENT_TYPE_WORDS[lesson.content_type]}
        {lesson.is_paid ? " · Paid" : ""}
      </span>
      {children}
    </th>
  );
}

function LessonRow({ lesson }: { lesson: Lesson }) {
  return (
    <tr>
      <LessonTitle lesson={lesson} />
      <td>{languageName(lesson.content_language_primary)}</td>
      <td>
        <LessonStatusPill status={lesson.status} blocked={Boolean(lesson.publish_error)} />
      </td>
      <td className={styles.nowrap}>
        {lesson.status === "scheduled" && lesson.publish_at
          ? `Publishes ${inEditorZone(lesson.publish_at)}`
          : lesson.status === "published" && lesson.published_at
            ? `Published ${formatDateTime(lesson.published_at)}`
            : `Changed ${formatDateTime(lesson.updated_at)}`}
      </td>
    </tr>
  );
}

function ProblemRow({ lesson }: { lesson: Lesson }) {
  const reason = lesson.publish_error ?? "";
  return (
    <tr>
      <LessonTitle lesson={lesson}>
        {lesson.publish_at && <span className={styles.sub}>Was due {inEditorZone(lesson.publish_at)}</span>}
      </LessonTitle>
      <td className={lessonStyles.reason}>
        <PublishProblem missing={missingFromReason(reason)} reason={reason} lessonId={lesson.id} />
        <Link to={href.consoleLesson(lesson.id)} className={styles.small}>
          Fix in the editor
        </Link>
      </td>
    </tr>
  );
}

function Filters({
  filter,
  problems,
  onChange,
}: {
  filter: LessonFilter;
  problems: boolean;
  onChange: (name: (typeof FILTERS)[number], value: string) => void;
}) {
  const programs = useQuery(lessonQueries.programChoices());
  const choices = programs.data?.data ?? [];
  const languages = [...new Set(choices.flatMap((program) => program.languages_available))].sort();
  if (filter.language && !languages.includes(filter.language)) languages.push(filter.language);
  return (
    <FilterBar label="Filter lessons">
      <SearchFilter value={filter.q ?? ""} placeholder="Title or description" onSearch={(q) => onChange("q", q)} />
      {!problems && (
        <SelectFilter label="Status" value={filter.status ?? ""} onChange={(value) => onChange("status", value)}>
          <option value="">Any status</option>
          {Object.entries(LESSON_STATUS_WORDS).map(([value, words]) => (
            <option key={value} value={value}>
              {words}
            </option>
          ))}
        </SelectFilter>
      )}
      <SelectFilter
        label="Program"
        wide
        value={filter.program_id ?? ""}
        onChange={(value) => onChange("program_id", value)}
      >
        <option value="">Any program</option>
        {filter.program_id && !choices.some((program) => program.id === filter.program_id) && (
          <option value={filter.program_id}>{filter.program_id}</option>
        )}
        {choices.map((program) => (
          <option key={program.id} value={program.id}>
            {program.title}
          </option>
        ))}
      </SelectFilter>
      <SelectFilter label="Language" value={filter.language ?? ""} onChange={(value) => onChange("language", value)}>
        <option value="">Any language</option>
        {languages.map((code) => (
          <option key={code} value={code}>
            {languageName(code)}
          </option>
        ))}
      </SelectFilter>
    </FilterBar>
  );
}
