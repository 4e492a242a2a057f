import type { ReactNode } from "react";
import { Link } from "react-router";

/** Where a page stands: the pages above it, each a link (its address, its name), then the page's own name. */
export function Breadcrumb({
  trail,
  current,
  currentClassName,
}: {
  trail: [to: string, name: ReactNode][];
  current: ReactNode;
  currentClassName?: string;
}) {
  return (
    <nav aria-label="Breadcrumb" className="breadcrumb">
      <ol>
        {trail.map(([to, name]) => (
          <li key={to}>
            <Link to={to}>{name}</Link>
          </li>
        ))}
        <li aria-current="page" className={currentClassName}>
          {current}
        </li>
      </ol>
    </nav>
  );
}
