import { ConsolePage } from "../../../console/ConsolePage";

/** Staff and customer accounts and their roles. The page is not built yet: it says so. */
export default function UsersPage() {
  return (
    <ConsolePage title="Users" lead="Staff and customer accounts and their roles.">
      <p className="message message-info">This page is being built.</p>
    </ConsolePage>
  );
}
