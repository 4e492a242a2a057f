import { ConsolePage } from "../../../console/ConsolePage";

/** The catalog's programs, with their posters and status. The page is not built yet: it says so. */
export default function ProgramsPage() {
  return (
    <ConsolePage title="Programs" lead="The catalog's programs, with their posters and status.">
      <p className="message message-info">This page is being built.</p>
    </ConsolePage>
  );
}
