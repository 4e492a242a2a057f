import { Link } from "react-router";
import { href } from "../paths";

/** A page path that leads nowhere, or a program or lesson that is not (or no longer) in the catalog. */
export default function NotFoundPage({ what = "page" }: { what?: string }) {
  return (
    <div className="container page narrow">
      <title>Not found · Edge platform</title>
      <h1>We could not find that {what}</h1>
      <p className="lead">
        It may have been moved or unpublished, or the link may have a typo. These are good places to start again:
      </p>
      <ul>
        <li>
          <Link to={href.programs()}>All programs</Link>
        </li>
        <li>
          <Link to={href.calendar()}>The calendar</Link>
        </li>
        <li>
          <Link to={href.home()}>The home page</Link>
        </li>
      </ul>
    </div>
  );
}
