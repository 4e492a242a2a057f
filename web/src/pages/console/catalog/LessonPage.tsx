import { ConsolePage } from "../../../console/ConsolePage";

/** A lesson's content, thumbnails and publishing. The page is not built yet: it says so. */
export default function LessonPage() {
  return (
    <ConsolePage title="Lesson" lead="A lesson's content, thumbnails and publishing.">
      <p className="message message-info">This page is being built.</p>
    </ConsolePage>
  );
}
