import { useQuery } from "@tanstack/react-query";
import { Link, useParams, useSearchParams } from "react-router";
import type { Schemas } from "../api/client";
import { ApiError } from "../api/problem";
import { catalog } from "../api/queries";
import { Breadcrumb } from "../components/Breadcrumb";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { LoadError } from "../components/LoadError";
import { CONTENT_TYPE_WORDS, duration, formatDate, languageName, plural } from "../format";
import { href } from "../paths";
import { posterOf, thumbnailOf } from "../posters";
import NotFoundPage from "./NotFoundPage";
import styles from "./ProgramPage.module.css";

/** A program: its poster, description and topics, then its terms with their published lessons. */
export default function ProgramPage() {
  const { id = "" } = useParams();
  const [search, setSearch] = useSearchParams();
  const program = useQuery(catalog.program(id));

  if (program.error instanceof ApiError && program.error.code === "not_found") return <NotFoundPage what="program" />;
  if (program.isError) {
    return (
      <div className="container page">
        <LoadError error={program.error} onRetry={() => program.refetch()} />
      </div>
    );
  }
  if (!program.data) return <ProgramSkeleton />;

  const data = program.data;
  const requested = search.get("lang");
  const language = requested && data.languages_available.includes(requested) ? requested : data.language_primary;
  const poster = posterOf(data, language, "landscape");
  const chooseLanguage = (next: string) =>
    setSearch(next === data.language_primary ? {} : { lang: next }, { replace: true, preventScrollReset: true });

  return (
    <article className="container page">
      <title>{`${data.title} · Edge platform`}</title>
      <Breadcrumb trail={[[href.programs(), "Programs"]]} current={data.title} />
      <header className={styles.hero}>
        <div className={styles.poster}>{poster && <img src={poster} alt="" />}</div>
        <div className={styles.intro}>
          <h1>{data.title}</h1>
          <p className="lead">{data.description}</p>
          <p className="muted">
            {plural(data.lesson_count, "lesson")} · in {data.languages_available.map(languageName).join(" and ")} ·
            since {formatDate(data.published_at)}
          </p>
          {data.topics.length > 0 && (
            <ul className="tags" aria-label="Topics">
              {data.topics.map((topic) => (
                <li key={topic.id}>
                  <Link to={href.programs({ topic: topic.id })}>{topic.name}</Link>
                </li>
              ))}
            </ul>
          )}
          <LanguageSwitch
            label="Show in"
            languages={data.languages_available}
            value={language}
            onChange={chooseLanguage}
          />
        </div>
      </header>
      {data.terms.map((term) => (
        <section key={term.id} className={styles.term} aria-labelledby={`term-${term.id}`}>
          <h2 id={`term-${term.id}`}>
            <span className={styles.termNumber}>Term {term.term_number}</span> {term.title}
          </h2>
          <ol className={styles.lessons}>
            {term.lessons.map((lesson) => (
              <LessonRow key={lesson.id} lesson={lesson} language={language} programLanguage={data.language_primary} />
            ))}
          </ol>
        </section>
      ))}
    </article>
  );
}

/** What kind of lesson it is and how long it takes: "Video · 8 min". */
export function lessonKind(lesson: Schemas["CatalogLesson"]): string {
  const kind = CONTENT_TYPE_WORDS[lesson.content_type];
  return lesson.duration_ms ? `${kind} · ${duration(lesson.duration_ms)}` : kind;
}

function LessonRow({
  lesson,
  language,
  programLanguage,
}: {
  lesson: Schemas["CatalogLesson"];
  language: string;
  programLanguage: string;
}) {
  const thumbnail = thumbnailOf(lesson, language, "landscape");
  const lang =
    lesson.content_languages_available.includes(language) && language !== programLanguage ? language : undefined;
  return (
    <li className={styles.lesson}>
      <div className={styles.thumbnail}>{thumbnail && <img src={thumbnail} alt="" loading="lazy" />}</div>
      <div className={styles.lessonBody}>
        <h3 className={styles.lessonTitle}>
          <Link to={href.lesson(lesson.id, { lang })} className={styles.lessonLink}>
            <span className={styles.lessonNumber}>{lesson.lesson_number}.</span> {lesson.title}
          </Link>
        </h3>
        <p className="muted">
          {lessonKind(lesson)}
          {lesson.subtitle_languages.length > 0 &&
            ` · subtitles in ${lesson.subtitle_languages.map(languageName).join(", ")}`}
        </p>
        <p className={styles.lessonDescription}>{lesson.description}</p>
      </div>
      {lesson.is_paid && <span className="badge">Paid</span>}
    </li>
  );
}

function ProgramSkeleton() {
  return (
    <div className="container page" aria-busy="true">
      <p className="visually-hidden" role="status">
        Loading the program…
      </p>
      <div className={styles.hero} aria-hidden="true">
        <div className={`${styles.poster} skeleton-block`} />
        <div className={styles.intro}>
          <div className="skeleton-line" />
          <div className="skeleton-line short" />
        </div>
      </div>
    </div>
  );
}
