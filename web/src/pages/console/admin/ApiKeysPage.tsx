import { ConsolePage } from "../../../console/ConsolePage";

/** Keys that let programs read and search the catalog. The page is not built yet: it says so. */
export default function ApiKeysPage() {
  return (
    <ConsolePage title="API keys" lead="Keys that let programs read and search the catalog.">
      <p className="message message-info">This page is being built.</p>
    </ConsolePage>
  );
}
