import { useEffect, useRef, useState } from "react";
import { Link, NavLink, Outlet, useLocation } from "react-router";
import { SignInDialog } from "../auth/SignInDialog";
import { type Session, useSession } from "../auth/session";
import { useFreshAccount } from "../auth/useFreshAccount";
import { href } from "../paths";
import styles from "./ConsoleLayout.module.css";
import { isStaffRole, roleAllows, type StaffRole } from "./roles";

/** The console's sections and their pages; a link with `minRole` is shown only to roles that may use its page. */
const SECTIONS: { title: string; links: { to: string; label: string; minRole?: StaffRole }[] }[] = [
  { title: "Console", links: [{ to: href.console(), label: "Overview" }] },
  {
    title: "Catalog",
    links: [
      { to: href.consolePrograms(), label: "Programs" },
      { to: href.consoleLessons(), label: "Lessons" },
      { to: href.consoleTopics(), label: "Topics" },
      { to: href.consoleFeatured(), label: "Featured" },
      { to: href.consoleInsights(), label: "Search insights", minRole: "editor" },
    ],
  },
  {
    title: "Live",
    links: [
      { to: href.consoleGames(), label: "Games" },
      { to: href.consoleStreams(), label: "Streams" },
    ],
  },
  {
    title: "Desk",
    links: [
      { to: href.consoleTickets(), label: "Tickets" },
      { to: href.consoleSubscribers(), label: "Mailing list", minRole: "admin" },
    ],
  },
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
  {
    title: "Admin",
    links: [
      { to: href.consoleUsers(), label: "Users", minRole: "admin" },
      { to: href.consoleApiKeys(), label: "API keys", minRole: "admin" },
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
  useFreshAccount();
  const navigation = useCurrentLinkInView();
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
        <nav aria-label="Console" className={styles.nav} ref={navigation}>
          {SECTIONS.map((section) => {
            const links = section.links.filter((link) => !link.minRole || roleAllows(current.user.role, link.minRole));
            if (links.length === 0) return null;
            return (
              <div key={section.title} className={styles.section}>
                <h2 className={styles.sectionTitle}>{section.title}</h2>
                <ul>
                  {links.map((link) => (
                    <li key={link.to}>
                      {/* The overview is every page's parent: only its own address marks it current. */}
                      <NavLink to={link.to} end={link.to === href.console()}>
                        {link.label}
                      </NavLink>
                    </li>
                  ))}
                </ul>
              </div>
            );
          })}
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
        <p>The console is for the platform's staff. Sign in with a staff account to continue.</p>
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
          You are signed in as {current.user.name} ({current.user.role}); the console is for the platform's staff.
        </p>
      </div>
      <p>
        <Link to={href.home()}>Go to the home page</Link>
      </p>
    </div>
  );
}

/**
 * On a phone the navigation is one row scrolled sideways: each page brings its own link into view, without moving the
 * page itself. Answers the ref for the navigation.
 */
function useCurrentLinkInView() {
  const navigation = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the link marked current changes with the address
  useEffect(() => {
    const row = navigation.current;
    const link = row?.querySelector<HTMLElement>('[aria-current="page"]');
    if (!row || !link || row.scrollWidth <= row.clientWidth) return;
    const [rowBox, linkBox] = [row.getBoundingClientRect(), link.getBoundingClientRect()];
    row.scrollLeft += linkBox.left - rowBox.left - (rowBox.width - linkBox.width) / 2;
  }, [pathname]);
  return navigation;
}
