import { ConsolePage } from "../../../console/ConsolePage";

/** Live streams and their chat. The page is not built yet: it says so. */
export default function StreamsPage() {
  return (
    <ConsolePage title="Streams" lead="Live streams and their chat.">
      <p className="message message-info">This page is being built.</p>
    </ConsolePage>
  );
}
