import { NavLink } from "react-router";
import { href } from "../paths";
import header from "./HeaderLink.module.css";

/** The header's way to the search page: a magnifier, with the word beside it where there is room. */
export function SearchLink() {
  return (
    <NavLink to={href.search()} className={header.link}>
      <svg viewBox="0 0 24 24" aria-hidden="true" className={header.icon}>
        <circle cx="10.5" cy="10.5" r="6.5" />
        <path d="m15.5 15.5 5 5" />
      </svg>
      <span className={header.label}>Search</span>
    </NavLink>
  );
}
