import type { ReactNode } from "react";
import styles from "./console.module.css";

/** A console page: where it sits, its title (in the tab too), a line on what it is for, its main actions, and what it shows. */
export function ConsolePage({
  title,
  lead,
  actions,
  breadcrumb,
  children,
}: {
  title: string;
  /** Where the page sits, above its title (an order under Orders). */
  breadcrumb?: ReactNode;
  lead?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <>
      <title>{`${title} · Console · Edge platform`}</title>
      {breadcrumb}
      <div className={styles.header}>
        <div className={styles.heading}>
          <h1 className={styles.title}>{title}</h1>
          {lead && <p className={styles.lead}>{lead}</p>}
        </div>
        {actions && <div className={styles.headerActions}>{actions}</div>}
      </div>
      {children}
    </>
  );
}
