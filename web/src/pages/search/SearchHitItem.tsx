import { Link } from "react-router";
import type { SearchHit } from "../../api/discovery";
import card from "../../components/Card.module.css";
import { CONTENT_TYPE_WORDS, duration, languageName } from "../../format";
import { href } from "../../paths";
import { Highlighted } from "./Highlighted";
import styles from "./Search.module.css";

/** Line drawings of what a result is: a program (a stack of lessons), a video, an audio lesson, an article. */
const ICONS = {
  program: "M4 7h16v12H4zM7 4h10",
  video: "M4 5h16v14H4zm6 4v6l5-3z",
  audio: "M9 18V6l10-2v12M9 18a3 3 0 1 1-6 0 3 3 0 0 1 6 0zm10-2a3 3 0 1 1-6 0 3 3 0 0 1 6 0z",
  article: "M6 3h9l4 4v14H6zM9 11h7M9 15h7M9 7h3",
} as const;

/**
 * One result: what it is (program, or a lesson's kind), its title with the matched words marked (the whole row
 * links to it), the program a lesson is in, the excerpt around the match, and its length and languages.
 */
export function SearchHitItem({ hit }: { hit: SearchHit }) {
  const kind = hit.type === "program" ? "program" : (hit.content_type ?? "video");
  const what =
    hit.type === "program" ? "Program" : `${CONTENT_TYPE_WORDS[kind as keyof typeof CONTENT_TYPE_WORDS]} lesson`;
  const facts = [
    hit.duration_ms ? duration(hit.duration_ms) : undefined,
    hit.languages.map(languageName).join(", "),
  ].filter(Boolean);
  return (
    <li className={styles.hit}>
      <svg aria-hidden="true" viewBox="0 0 24 24" className={styles.hitIcon} data-kind={kind}>
        <path d={ICONS[kind]} />
      </svg>
      <div className={styles.hitBody}>
        <h3 className={styles.hitTitle}>
          <Link to={hit.type === "program" ? href.program(hit.id) : href.lesson(hit.id)} className={card.stretchedLink}>
            <Highlighted html={hit.highlights.title} />
          </Link>
        </h3>
        {/* Above the title on the screen, after it for a screen reader and the Tab key. */}
        <p className={styles.hitKind}>
          <span className={styles.badge} data-type={hit.type}>
            {what}
          </span>
          {hit.type === "lesson" && (
            <span className={styles.hitProgram}>
              in{" "}
              <Link to={href.program(hit.program_id)} className={styles.programLink}>
                {hit.program_title}
              </Link>
            </span>
          )}
        </p>
        {hit.highlights.description && (
          <p className={styles.hitExcerpt}>
            <Highlighted html={hit.highlights.description} />
          </p>
        )}
        <p className={styles.hitFacts}>{facts.join(" · ")}</p>
      </div>
    </li>
  );
}

/** Grey stand-ins for results while the first ones load; they fade in only if the wait is long enough to notice. */
export function SearchHitSkeletons({ count }: { count: number }) {
  return (
    <>
      {Array.from({ length: count }, (_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity of their own
        <li key={index} className={`${styles.hit} ${styles.skeleton}`} aria-hidden="true">
          <span className={`${styles.hitIcon} skeleton-block`} />
          <div className={styles.hitBody}>
            <div className="skeleton-line short" />
            <div className="skeleton-line" />
          </div>
        </li>
      ))}
    </>
  );
}
