import type { ReactNode } from "react";
import styles from "./console.module.css";

/** A console page: its title (in the tab too), a line on what it is for, its main actions, and what it shows. */
export function ConsolePage({
  title,
  lead,
  actions,
  children,
}: {
  title: string;
  lead?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <>
      <title>{`${title} · Console · Edge platform`}</title>
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
