import { useState } from "react";
import { Link, NavLink, Outlet } from "react-router";
import { SignInDialog } from "../auth/SignInDialog";
import { type Session, useSession } from "../auth/session";
import { href } from "../paths";
import styles from "./ConsoleLayout.module.css";
import { isStaffRole } from "./roles";

/** The console's sections and their pages; a later part of the console adds its own sections here. */
const SECTIONS = [
  {
    title: "Store",
    links: [
      { to: href.consoleProducts(), label: "Products" },
      { to: href.consoleAlerts(), label: "Low stock" },
      { to: href.consoleOrders(), label: "Orders" },
      { to: href.consoleCustomers(), label: "Customers" },
      { to: href.consoleDeadLetters(), label: "Failed messages" },
      { to: href.consoleRecommendations(), label: "Recommendations" },
    ],
  },
];

/**
 * The frame of the staff console (`/console…`): its navigation, who is signed in, and the page. Someone signed out
 * is asked to sign in, and a customer is told their role does not allow it; within, each page follows what the API
 * answers (a viewer may read what the API lets them read).
 */
export default function ConsoleLayout() {
  const current = useSession();
  if (!current) return <SignInPrompt />;
  if (!isStaffRole(current.user.role)) return <NotStaff current={current} />;
  return (
    <div className={`container ${styles.frame}`}>
      <aside className={styles.sidebar}>
        <p className={styles.member}>
          <span className={styles.memberLabel}>Staff console</span>
          <span className="visually-hidden">Signed in as </span>
          <span className={styles.memberName}>{current.user.name}</span>
          <span className={styles.role}>{current.user.role}</span>
        </p>
        <nav aria-label="Console" className={styles.nav}>
          {SECTIONS.map((section) => (
            <div key={section.title} className={styles.section}>
              <h2 className={styles.sectionTitle}>{section.title}</h2>
              <ul>
                {section.links.map((link) => (
                  <li key={link.to}>
                    <NavLink to={link.to}>{link.label}</NavLink>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </nav>
      </aside>
      <div className={styles.content}>
        <Outlet />
      </div>
    </div>
  );
}

function SignInPrompt() {
  const [signingIn, setSigningIn] = useState(false);
  return (
    <div className="container page narrow">
      <title>Staff console · Edge platform</title>
      <h1>Staff console</h1>
      <div className="message message-info">
        <p>The console is for the store's staff. Sign in with a staff account to continue.</p>
        <button type="button" className="button" onClick={() => setSigningIn(true)}>
          Sign in
        </button>
      </div>
      {signingIn && <SignInDialog onClose={() => setSigningIn(false)} />}
    </div>
  );
}

function NotStaff({ current }: { current: Session }) {
  return (
    <div className="container page narrow">
      <title>Staff console · Edge platform</title>
      <h1>Staff console</h1>
      <div className="message message-error" role="alert">
        <p>
          <strong>Your role does not allow this.</strong>
        </p>
        <p>
          You are signed in as {current.user.name} ({current.user.role}); the console is for the store's staff.
        </p>
      </div>
      <p>
        <Link to={href.home()}>Go to the home page</Link>
      </p>
    </div>
  );
}
