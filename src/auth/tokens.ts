import { sign, verify } from "hono/jwt";
import { JwtTokenExpired } from "hono/utils/jwt/types";
import { config } from "../config";
import { ProblemError, unauthorized } from "../http/problem";
import { ROLES, type Role } from "./roles";

/** Who is making the request, as stated by a verified access token. */
export interface AuthUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

const ALGORITHM = "HS256";
const ISSUER = "edge-platform";

function signingSecret(env: Env): string {
  const secret = config(env).jwtSecret;
  if (!secret) {
    // Misconfiguration, not the caller's fault: no token is issued or trusted without a strong secret.
    throw new ProblemError(503, "auth_unavailable", "Sign-in is not configured on this server.");
  }
  return secret;
}

export async function issueAccessToken(env: Env, user: AuthUser): Promise<{ token: string; expiresIn: number }> {
  const expiresIn = config(env).jwtTtlSeconds;
  const now = Math.floor(Date.now() / 1000);
  const token = await sign(
    { sub: user.id, email: user.email, name: user.name, role: user.role, iss: ISSUER, iat: now, exp: now + expiresIn },
    signingSecret(env),
    ALGORITHM,
  );
  return { token, expiresIn };
}

export async function verifyAccessToken(env: Env, token: string): Promise<AuthUser> {
  const secret = signingSecret(env);
  let claims: Record<string, unknown>;
  try {
    claims = await verify(token, secret, { alg: ALGORITHM, iss: ISSUER });
  } catch (error) {
    if (error instanceof JwtTokenExpired) throw unauthorized("token_expired", "The access token has expired; sign in again.");
    throw unauthorized("invalid_token", "The access token is not valid.");
  }
  const { sub, email, name, role } = claims;
  if (
    typeof sub !== "string" ||
    typeof email !== "string" ||
    typeof name !== "string" ||
    !ROLES.includes(role as Role)
  ) {
    throw unauthorized("invalid_token", "The access token is not valid.");
  }
  return { id: sub, email, name, role: role as Role };
}
