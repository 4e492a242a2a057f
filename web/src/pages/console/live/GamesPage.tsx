import { ConsolePage } from "../../../console/ConsolePage";

/** Live scoreboards. The page is not built yet: it says so. */
export default function GamesPage() {
  return (
    <ConsolePage title="Games" lead="Live scoreboards.">
      <p className="message message-info">This page is being built.</p>
    </ConsolePage>
  );
}
