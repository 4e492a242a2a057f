import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { accountForToken } from "../auth/guards";
import type { Account } from "../auth/schema";
import type { AppEnv } from "../env";
import { ProblemError } from "../http/problem";
import { isWebSocketUpgrade } from "./handoff";

/** Socket routes answer only WebSocket upgrades; anything else is a 426 problem saying so. */
function assertWebSocketUpgrade(c: Context<AppEnv>): void {
  if (!isWebSocketUpgrade(c.req.raw)) {
    throw new ProblemError(
      426,
      "upgrade_required",
      "This route speaks WebSocket: send an Upgrade: websocket request.",
      {
        headers: { Upgrade: "websocket" },
      },
    );
  }
}

/**
 * Who opens a socket, if anyone: browsers cannot set headers on a WebSocket, so the access token may come as
 * `?access_token=` as well as `Authorization: Bearer`. No token means a guest; a bad token is refused (401), not
 * silently treated as a guest.
 */
export async function socketAccount(c: Context<AppEnv>): Promise<Account | undefined> {
  const header = c.req.header("Authorization");
  const token = header?.match(/^Bearer +(\S+)$/i)?.[1] ?? c.req.query("access_token");
  if (!token) return undefined;
  return accountForToken(c, token);
}

/**
 * Middleware for socket routes: a request that is not a WebSocket upgrade gets the 426 before anything else is read
 * or validated, so that any client learns what the route speaks.
 */
export const webSocketOnly = createMiddleware<AppEnv>(async (c, next) => {
  assertWebSocketUpgrade(c);
  await next();
});
