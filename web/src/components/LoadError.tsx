import { ApiError } from "../api/problem";

/** What could not be loaded, in words, with a way to try again. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const words = error instanceof ApiError ? error.words : "Something went wrong while loading this.";
  return (
    <div className="message message-error" role="alert">
      <p>{words}</p>
      {onRetry && (
        <button type="button" className="button button-quiet" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
