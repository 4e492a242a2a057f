import type { ReactNode } from "react";
import { Link } from "react-router";
import { href } from "../paths";

/** A page whose route is in place and whose content comes next; it says what will be here and where to go now. */
export function ComingSoon({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="container page narrow">
      <title>{`${title} · Edge platform`}</title>
      <h1>{title}</h1>
      <div className="lead">{children}</div>
      <p className="message message-info">
        This page is being built. Meanwhile, <Link to={href.programs()}>browse the programs</Link>.
      </p>
    </div>
  );
}
