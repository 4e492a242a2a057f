import { ConsolePage } from "../../../console/ConsolePage";

/** What people search for, and what they do not find. The page is not built yet: it says so. */
export default function InsightsPage() {
  return (
    <ConsolePage title="Search insights" lead="What people search for, and what they do not find.">
      <p className="message message-info">This page is being built.</p>
    </ConsolePage>
  );
}
