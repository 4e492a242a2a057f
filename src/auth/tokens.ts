import { sign, verify } from "hono/jwt";
import { config } from "../config";
import { ProblemError, unauthorized } from "../http/problem";
import type { Role } from "./roles";

const ALGORITHM = "HS256";
const ISSUER = "edge-platform";

/** The signing secret; without a strong one no token is issued or trusted (a misconfiguration, not the caller's fault). */
export function signingSecret(env: Env): string {
  const secret = config(env).jwtSecret;
  if (!secret) throw new ProblemError(503, "auth_unavailable", "Sign-in is not configured on this server.");
  return secret;
}

/** Signs an access token for the account. Its claims describe the account for clients; the server re-reads it. */
export async function issueAccessToken(
  env: Env,
  account: { id: string; email: string; name: string; role: Role },
): Promise<{ token: string; expiresIn: number }> {
  const expiresIn = config(env).jwtTtlSeconds;
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: account.id, email: account.email, name: account.name, role: account.role };
  const token = await sign({ ...claims, iss: ISSUER, iat: now, exp: now + expiresIn }, signingSecret(env), ALGORITHM);
  return { token, expiresIn };
}

/**
 * Verifies the token's signature and issuer first and only then its expiry, so a forged token is always reported
 * as invalid, never as merely expired. Returns the account id it was issued to.
 */
export async function verifyAccessToken(env: Env, token: string): Promise<string> {
  // Outside the try: a missing secret is the server's 503, not the caller's bad token.
  const secret = signingSecret(env);
  let claims: Record<string, unknown>;
  try {
    claims = await verify(token, secret, { alg: ALGORITHM, iss: ISSUER, exp: false });
  } catch {
    throw unauthorized("invalid_token", "The access token is not valid.");
  }
  const { sub, exp } = claims;
  if (typeof sub !== "string" || typeof exp !== "number") {
    throw unauthorized("invalid_token", "The access token is not valid.");
  }
  if (exp <= Math.floor(Date.now() / 1000)) {
    throw unauthorized("token_expired", "The access token has expired; sign in again.");
  }
  return sub;
}
