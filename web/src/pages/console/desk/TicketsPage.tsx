import { ConsolePage } from "../../../console/ConsolePage";

/** The support desk. The page is not built yet: it says so. */
export default function TicketsPage() {
  return (
    <ConsolePage title="Tickets" lead="The support desk.">
      <p className="message message-info">This page is being built.</p>
    </ConsolePage>
  );
}
