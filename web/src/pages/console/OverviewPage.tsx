import { ConsolePage } from "../../console/ConsolePage";

/** What needs attention across the platform. The page is not built yet: it says so. */
export default function OverviewPage() {
  return (
    <ConsolePage title="Overview" lead="What needs attention across the platform.">
      <p className="message message-info">This page is being built.</p>
    </ConsolePage>
  );
}
