import { createRoute } from "@hono/zod-openapi";
import { createRouter, jsonBody, jsonContent, problems } from "../http/openapi";
import { unauthorized } from "../http/problem";
import { countAgainstLimit, rateLimitPerClient } from "../http/rate-limit";
import { guarded } from "./guards";
import { LoginBody, LoginResponse, presentUser, UserSchema } from "./models";
import { verifyAgainstDecoy, verifyPassword } from "./password";
import { findUserByEmail } from "./queries";
import { issueAccessToken, signingSecret } from "./tokens";

const login = createRoute({
  method: "post",
  path: "/auth/login",
  tags: ["Auth"],
  summary: "Sign in with email and password",
  description:
    "Rate-limited per client address (10 attempts a minute) and per account (20 a minute, whatever addresses they " +
    "come from), before the password is checked.",
  middleware: [rateLimitPerClient("LOGIN_RATE_LIMITER", 60)],
  request: { body: jsonBody(LoginBody) },
  responses: {
    200: jsonContent(LoginResponse, "An access token for `Authorization: Bearer`"),
    ...problems(400, 401, 415, 429, 503),
  },
});

const me = createRoute({
  method: "get",
  path: "/auth/me",
  tags: ["Auth"],
  summary: "The signed-in user",
  ...guarded("signed-in"),
  responses: { 200: jsonContent(UserSchema, "The account behind the token"), ...problems(401) },
});

export const sessionRoutes = createRouter()
  .openapi(login, async (c) => {
    const { email, password } = c.req.valid("json");
    signingSecret(c.env); // a server that cannot issue tokens says so before checking any password
    // Many addresses must not buy many guesses at one account. Every attempt counts, a right one too: the count
    // cannot wait for the password check, or the guesses would be made before they are refused.
    await countAgainstLimit(c.env, "LOGIN_ACCOUNT_RATE_LIMITER", email, 60);
    const user = await findUserByEmail(c.var.db, email);
    const valid = user ? await verifyPassword(password, user.passwordHash) : await verifyAgainstDecoy(password);
    // One answer for an unknown email and a wrong password, so the endpoint does not reveal who has an account.
    if (!user || !valid) throw unauthorized("invalid_credentials", "Email or password is incorrect.");
    const { token, expiresIn } = await issueAccessToken(c.env, user);
    return c.json(
      { access_token: token, token_type: "Bearer" as const, expires_in: expiresIn, user: presentUser(user) },
      200,
    );
  })
  .openapi(me, (c) => c.json(presentUser(c.var.user), 200));
