import { ConsolePage } from "../../../console/ConsolePage";

/** The programs the home page features, in order. The page is not built yet: it says so. */
export default function FeaturedPage() {
  return (
    <ConsolePage title="Featured" lead="The programs the home page features, in order.">
      <p className="message message-info">This page is being built.</p>
    </ConsolePage>
  );
}
