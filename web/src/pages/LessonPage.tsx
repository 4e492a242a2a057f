import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import type { Schemas } from "../api/client";
import { ApiError } from "../api/problem";
import { catalog } from "../api/queries";
import { Breadcrumb } from "../components/Breadcrumb";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { LoadError } from "../components/LoadError";
import { formatDate, languageName } from "../format";
import { href } from "../paths";
import { thumbnailOf } from "../posters";
import styles from "./LessonPage.module.css";
import NotFoundPage from "./NotFoundPage";
import { lessonKind } from "./ProgramPage";

type Lesson = Schemas["CatalogLessonDetail"];

/** A lesson: its video or audio with subtitles, or its article; its place in the program, and the next one. */
export default function LessonPage() {
  const { id = "" } = useParams();
  const [search, setSearch] = useSearchParams();
  const lesson = useQuery(catalog.lesson(id));

  if (lesson.error instanceof ApiError && lesson.error.code === "not_found") return <NotFoundPage what="lesson" />;
  if (lesson.isError) {
    return (
      <div className="container page">
        <LoadError error={lesson.error} onRetry={() => lesson.refetch()} />
      </div>
    );
  }
  if (!lesson.data) {
    return (
      <div className="container page" aria-busy="true">
        <p role="status">Loading the lesson…</p>
      </div>
    );
  }

  const data = lesson.data;
  const requested = search.get("lang");
  const language =
    requested && data.content_languages_available.includes(requested) ? requested : data.content_language_primary;
  const chooseLanguage = (next: string) =>
    setSearch(next === data.content_language_primary ? {} : { lang: next }, {
      replace: true,
      preventScrollReset: true,
    });

  return (
    <article className="container page">
      <title>{`${data.title} · ${data.program.title} · Edge platform`}</title>
      <Breadcrumb
        trail={[
          [href.programs(), "Programs"],
          [href.program(data.program.id), data.program.title],
        ]}
        current={`Term ${data.term.term_number}, lesson ${data.lesson_number}`}
      />
      <h1>{data.title}</h1>
      <p className="muted">
        {lessonKind(data)} · {data.term.title} · published {formatDate(data.published_at)}
        {data.is_paid && (
          <>
            {" "}
            <span className="badge">Paid</span>
          </>
        )}
      </p>
      <LanguageSwitch
        label="Lesson language"
        languages={data.content_languages_available}
        value={language}
        onChange={chooseLanguage}
      />
      <Content key={`${data.id}-${language}`} lesson={data} language={language} />
      <p className={styles.description}>{data.description}</p>
      <Neighbours lesson={data} />
    </article>
  );
}

/** The lesson's video, audio or article in `language`, with its subtitles. */
function Content({ lesson, language }: { lesson: Lesson; language: string }) {
  const [failed, setFailed] = useState(false);
  const url =
    lesson.content_urls_by_language[language] ?? lesson.content_urls_by_language[lesson.content_language_primary];
  const thumbnail = thumbnailOf(lesson, language, "landscape");
  const subtitles = lesson.subtitle_languages.flatMap((code) => {
    const src = lesson.subtitle_urls_by_language[code];
    return src ? [{ code, src }] : [];
  });
  if (!url) return <p className="message message-error">This lesson has no content in this language yet.</p>;

  const tracks = subtitles.map(({ code, src }, index) => (
    <track key={code} kind="subtitles" src={src} srcLang={code} label={languageName(code)} default={index === 0} />
  ));
  const fallback = failed && (
    <p className="message message-error" role="alert">
      The {lesson.content_type} could not be played here. <a href={url}>Open it directly</a>.
    </p>
  );

  if (lesson.content_type === "article") {
    return (
      <div className={styles.article}>
        <iframe src={url} title={lesson.title} sandbox="" referrerPolicy="no-referrer" loading="lazy" />
        <p>
          <a href={url} target="_blank" rel="noreferrer">
            Open the article in a new tab
          </a>
        </p>
      </div>
    );
  }
  if (lesson.content_type === "audio") {
    return (
      <div className={styles.audio}>
        {thumbnail && <img src={thumbnail} alt="" className={styles.cover} />}
        {/* biome-ignore lint/a11y/useMediaCaption: the subtitles are the tracks below, when the lesson has them */}
        <audio
          controls
          preload="none"
          src={url}
          crossOrigin={subtitles.length ? "anonymous" : undefined}
          onError={() => setFailed(true)}
        >
          {tracks}
        </audio>
        {subtitles.length > 0 && (
          <p className="muted">
            Subtitles:{" "}
            {subtitles.map(({ code, src }) => (
              <a key={code} href={src} className={styles.subtitleLink}>
                {languageName(code)}
              </a>
            ))}
          </p>
        )}
        {fallback}
      </div>
    );
  }
  return (
    <div className={styles.video}>
      {/* biome-ignore lint/a11y/useMediaCaption: the subtitles are the tracks below, when the lesson has them */}
      <video
        controls
        preload="none"
        poster={thumbnail}
        src={url}
        crossOrigin={subtitles.length ? "anonymous" : undefined}
        onError={() => setFailed(true)}
      >
        {tracks}
      </video>
      {subtitles.length > 0 && (
        <p className="muted">Subtitles in {subtitles.map(({ code }) => languageName(code)).join(", ")}.</p>
      )}
      {fallback}
    </div>
  );
}

/** The lessons before and after this one in the program, from the program's own page (shared in the cache). */
function Neighbours({ lesson }: { lesson: Lesson }) {
  const program = useQuery(catalog.program(lesson.program.id));
  const all = program.data?.terms.flatMap((term) => term.lessons) ?? [];
  const at = all.findIndex((item) => item.id === lesson.id);
  if (at < 0) return null;
  const previous = all[at - 1];
  const next = all[at + 1];
  return (
    <nav aria-label="More lessons" className={styles.neighbours}>
      {previous && (
        <Link to={href.lesson(previous.id)} className={styles.previous}>
          <span className="muted">← Previous</span>
          {previous.title}
        </Link>
      )}
      {next && (
        <Link to={href.lesson(next.id)} className={styles.next}>
          <span className="muted">Next →</span>
          {next.title}
        </Link>
      )}
    </nav>
  );
}
