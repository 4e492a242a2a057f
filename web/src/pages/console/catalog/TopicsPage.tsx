import { ConsolePage } from "../../../console/ConsolePage";

/** The topics programs are filed under. The page is not built yet: it says so. */
export default function TopicsPage() {
  return (
    <ConsolePage title="Topics" lead="The topics programs are filed under.">
      <p className="message message-info">This page is being built.</p>
    </ConsolePage>
  );
}
