import { ConsolePage } from "../../../console/ConsolePage";

/** The mailing list's subscribers. The page is not built yet: it says so. */
export default function SubscribersPage() {
  return (
    <ConsolePage title="Mailing list" lead="The mailing list's subscribers.">
      <p className="message message-info">This page is being built.</p>
    </ConsolePage>
  );
}
