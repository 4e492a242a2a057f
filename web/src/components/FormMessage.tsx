import type { ReactNode } from "react";

/** A message about a whole form: an error it could not send, or that it went through. Announced when it appears. */
export function FormMessage({ tone, children }: { tone: "error" | "success"; children: ReactNode }) {
  return (
    <div className={`message message-${tone}`} role={tone === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}
