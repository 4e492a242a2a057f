import { DurableObject } from "cloudflare:workers";

/** The live score of one game. */
export class Scoreboard extends DurableObject<Env> {}
