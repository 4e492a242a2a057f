import { Link } from "react-router";
import { href } from "../../../../paths";
import { type MissingAssets, missingWords } from "./publish-error";

/**
 * Why a lesson could not be published, in words, with the way to fix each part: its thumbnails on its own page (the
 * editor's thumbnails section, or the editor from a list), its program's posters on the program's page.
 */
export function PublishProblem({
  missing,
  reason,
  lessonId,
  programId,
  thumbnailsHere,
}: {
  missing: MissingAssets[];
  /** The reason as the API gave it, shown as it is when it is not about missing assets. */
  reason: string;
  lessonId: string;
  /** The lesson's program, when the page knows it; otherwise its posters are found from the lesson's editor. */
  programId?: string;
  /** The thumbnails are on this page (the editor), at `#thumbnails`. */
  thumbnailsHere?: boolean;
}) {
  if (missing.length === 0) return <p>{reason}</p>;
  return (
    <ul>
      {missing.map((part) => (
        <li key={part.kind}>
          {missingWords(part)}{" "}
          {part.kind === "thumbnails" ? (
            thumbnailsHere ? (
              <a href="#thumbnails">Add the thumbnails</a>
            ) : (
              <Link to={`${href.consoleLesson(lessonId)}#thumbnails`}>Add the thumbnails in the editor</Link>
            )
          ) : programId ? (
            <Link to={href.consoleProgram(programId)}>Add the program's posters</Link>
          ) : (
            <Link to={href.consoleLesson(lessonId)}>Open the lesson to find its program</Link>
          )}
        </li>
      ))}
    </ul>
  );
}
