import { ConsolePage } from "../../../console/ConsolePage";

/** A ticket and its replies. The page is not built yet: it says so. */
export default function TicketPage() {
  return (
    <ConsolePage title="Ticket" lead="A ticket and its replies.">
      <p className="message message-info">This page is being built.</p>
    </ConsolePage>
  );
}
