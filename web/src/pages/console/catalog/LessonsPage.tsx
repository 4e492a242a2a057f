import { ConsolePage } from "../../../console/ConsolePage";

/** Every lesson, by status, and what the scheduler could not publish. The page is not built yet: it says so. */
export default function LessonsPage() {
  return (
    <ConsolePage title="Lessons" lead="Every lesson, by status, and what the scheduler could not publish.">
      <p className="message message-info">This page is being built.</p>
    </ConsolePage>
  );
}
