import { Link, useLocation } from "react-router";
import { SignInButton } from "../../auth/SignInButton";
import { href } from "../../paths";

/** A customer's page opened by a guest: what signing in shows here, with the ways in. */
export function SignInFirst({ title, what }: { title: string; what: string }) {
  const { pathname } = useLocation();
  return (
    <div className="container page narrow">
      <title>{`${title} · Shop · Edge platform`}</title>
      <h1>{title}</h1>
      <p className="lead">Sign in to {what}.</p>
      <p>
        <SignInButton className="button">Sign in</SignInButton>
      </p>
      <p>
        New here? <Link to={href.shopSignUp(pathname)}>Create an account</Link>
      </p>
    </div>
  );
}
