import { ConsolePage } from "../../../console/ConsolePage";

/** A stream's chat and moderation. The page is not built yet: it says so. */
export default function StreamPage() {
  return (
    <ConsolePage title="Stream" lead="A stream's chat and moderation.">
      <p className="message message-info">This page is being built.</p>
    </ConsolePage>
  );
}
