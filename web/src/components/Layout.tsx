import { useEffect, useRef } from "react";
import { Link, NavLink, Outlet, ScrollRestoration, useLocation, useNavigation } from "react-router";
import { SignInButton } from "../auth/SignInButton";
import { session, useSession } from "../auth/session";
import { CartLink } from "../pages/shop/CartLink";
import { GuestCartMerge } from "../pages/shop/GuestCartMerge";
import { href } from "../paths";
import styles from "./Layout.module.css";
import { SearchLink } from "./SearchLink";

/** The frame of every page: skip link, header with navigation and sign-in, the page, footer. */
export function Layout() {
  const mainRef = useMainFocusOnNavigation();
  const navigation = useNavigation();
  return (
    <>
      <a className={styles.skipLink} href="#main">
        Skip to content
      </a>
      <header className={styles.header}>
        <div className={`container ${styles.bar}`}>
          <Link to={href.home()} className={styles.brand}>
            <svg aria-hidden="true" viewBox="0 0 32 32" className={styles.logo}>
              <rect width="32" height="32" rx="8" />
              <path d="M9 22 16 8l7 14z" />
            </svg>
            Edge platform
          </Link>
          <nav aria-label="Main" className={styles.nav}>
            <ul>
              <li>
                <NavLink to={href.programs()}>Programs</NavLink>
              </li>
              <li>
                <NavLink to={href.calendar()}>Calendar</NavLink>
              </li>
              <li>
                <NavLink to={href.scoreboards()}>Scores</NavLink>
              </li>
              <li>
                <NavLink to={href.streams()}>Live</NavLink>
              </li>
              <li>
                <NavLink to={href.shop()}>Shop</NavLink>
              </li>
              <ConsoleLink />
            </ul>
          </nav>
          <div className={styles.end}>
            <SearchLink />
            <CartLink />
            <Account />
          </div>
        </div>
        {navigation.state === "loading" && <div className={styles.progress} aria-hidden="true" />}
      </header>
      <main id="main" ref={mainRef} tabIndex={-1} className={styles.main}>
        <GuestCartMerge />
        <Outlet />
      </main>
      <footer className={styles.footer}>
        <div className={`container ${styles.footerInner}`}>
          <p>Edge platform · programs, lessons and events, served from the edge.</p>
          <ul>
            <li>
              <Link to={`${href.home()}#subscribe`}>Newsletter</Link>
            </li>
            <li>
              <Link to={href.unsubscribe()}>Unsubscribe</Link>
            </li>
            <li>
              <a href="/docs">API reference</a>
            </li>
          </ul>
        </div>
      </footer>
      <ScrollRestoration />
    </>
  );
}

/** The staff console, in the navigation of staff only (customers and visitors have no use for it). */
function ConsoleLink() {
  const current = useSession();
  if (!current || current.user.role === "customer") return null;
  return (
    <li>
      <NavLink to={href.console()}>Console</NavLink>
    </li>
  );
}

/** Who is signed in, with sign-out; or the button that opens the sign-in dialog. */
function Account() {
  const current = useSession();
  if (current) {
    return (
      <div className={styles.account}>
        <span className={styles.who}>
          <span className="visually-hidden">Signed in as </span>
          {current.user.name}
          {/* Staff see which of their roles they act in; a customer's role goes without saying. */}
          {current.user.role !== "customer" && (
            <>
              {" "}
              <span className={styles.role}>{current.user.role}</span>
            </>
          )}
        </span>
        <button type="button" className="button button-quiet" onClick={() => session.end()}>
          Sign out
        </button>
      </div>
    );
  }
  return (
    <div className={styles.account}>
      <SignInButton />
    </div>
  );
}

/**
 * After moving to another page, focus goes to the page's start, so that keyboard and screen reader users begin
 * reading there rather than where the link was. Not on first load, and not for links within a page (`#subscribe`).
 */
function useMainFocusOnNavigation() {
  const mainRef = useRef<HTMLElement>(null);
  const { pathname, hash } = useLocation();
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each new page path, which is what it is for
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (!hash) mainRef.current?.focus({ preventScroll: true });
  }, [pathname]);
  return mainRef;
}
