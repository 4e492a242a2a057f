import { LoadError } from "../components/LoadError";
import { isRefusedRole } from "./problems";

/** What a console page could not load: a refusal for the caller's role says so, anything else offers a retry. */
export function ConsoleLoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (isRefusedRole(error)) {
    return (
      <div className="message message-error" role="alert">
        <p>
          <strong>Your role does not allow this.</strong>
        </p>
        <p>Ask an administrator if you need to see it.</p>
      </div>
    );
  }
  return <LoadError error={error} onRetry={onRetry} />;
}
