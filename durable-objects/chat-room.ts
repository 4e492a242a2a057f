import { DurableObject } from "cloudflare:workers";

/** The chat of one live stream. */
export class ChatRoom extends DurableObject<Env> {}
