import { Link } from "react-router";
import type { Schemas } from "../api/client";
import { languageName, plural } from "../format";
import { href } from "../paths";
import { posterOf } from "../posters";
import card from "./Card.module.css";
import styles from "./ProgramCard.module.css";

/**
 * A program in a grid: its poster, title, lesson count, languages and topics; the whole card links to it. `ribbon`
 * is a word on the poster ("Editors' pick").
 */
export function ProgramCard({ program, ribbon }: { program: Schemas["CatalogProgram"]; ribbon?: string }) {
  const poster = posterOf(program, program.language_primary, "landscape");
  return (
    <article className={card.card}>
      <div className={styles.poster}>
        {poster ? (
          <img src={poster} alt="" loading="lazy" />
        ) : (
          <span aria-hidden="true">{program.title.slice(0, 1)}</span>
        )}
        {ribbon && <span className={styles.ribbon}>{ribbon}</span>}
      </div>
      <div className={styles.body}>
        <h3 className={styles.title}>
          <Link to={href.program(program.id)} className={card.stretchedLink}>
            {program.title}
          </Link>
        </h3>
        <p className={styles.meta}>
          {plural(program.lesson_count, "lesson")} · {program.languages_available.map(languageName).join(", ")}
        </p>
        <p className={styles.description}>{program.description}</p>
        {program.topics.length > 0 && (
          <ul className="tags" aria-label="Topics">
            {program.topics.map((topic) => (
              <li key={topic.id}>{topic.name}</li>
            ))}
          </ul>
        )}
      </div>
    </article>
  );
}

/** Grey stand-ins for cards while the programs load. */
export function ProgramCardSkeletons({ count }: { count: number }) {
  return (
    <>
      {Array.from({ length: count }, (_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity of their own
        <div key={index} className={`${card.card} ${styles.skeleton}`} aria-hidden="true">
          <div className={styles.poster} />
          <div className={styles.body}>
            <div className="skeleton-line" />
            <div className="skeleton-line short" />
          </div>
        </div>
      ))}
    </>
  );
}
