import { z } from "@hono/zod-openapi";
import { ListProgramsQuery } from "../catalog/cms/program-models";
import { listPrograms, type ProgramWithTopics } from "../catalog/cms/program-queries";
import { decodeCursor, encodeCursor, type ListContext, NewestFirstPosition } from "../http/pagination";
import { ProblemError } from "../http/problem";
import { builder } from "./builder";
import { LessonRef, ProgramRef, ProgramStatus, TermRef } from "./catalog-types";
import { authorize, type GraphQLContext } from "./context";
import { parseInput } from "./input";

// ---- the programs connection (Relay's cursor connections) ---------------------------------------------------------

interface ProgramEdge {
  cursor: string;
  node: ProgramWithTopics;
}
/** Relay's page info of a forward-only connection. */
export interface PageInfoShape {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}
interface ProgramConnection {
  edges: ProgramEdge[];
  pageInfo: PageInfoShape;
}

export const PageInfo = builder.objectRef<PageInfoShape>("PageInfo").implement({
  fields: (t) => ({
    hasNextPage: t.exposeBoolean("hasNextPage"),
    hasPreviousPage: t.exposeBoolean("hasPreviousPage", { description: "Always false: pages go forward only" }),
    startCursor: t.exposeString("startCursor", { nullable: true }),
    endCursor: t.exposeString("endCursor", { nullable: true }),
  }),
});

const ProgramEdgeType = builder.objectRef<ProgramEdge>("ProgramEdge").implement({
  fields: (t) => ({ cursor: t.exposeString("cursor"), node: t.field({ type: ProgramRef, resolve: (e) => e.node }) }),
});

const ProgramConnectionType = builder.objectRef<ProgramConnection>("ProgramConnection").implement({
  fields: (t) => ({
    edges: t.field({ type: [ProgramEdgeType], resolve: (c) => c.edges }),
    pageInfo: t.field({ type: PageInfo, resolve: (c) => c.pageInfo }),
  }),
});

const ProgramFilter = builder.inputType("ProgramFilter", {
  fields: (t) => ({
    status: t.field({ type: ProgramStatus }),
    language: t.string({ description: "Primary language" }),
    topic: t.id({ description: "A topic's id" }),
    q: t.string({ description: "Text in the title or description" }),
  }),
});

/** `first` and `after` of a connection, with the REST lists' bounds (20 by default, at most 100), and its filter. */
const ProgramsArgs = z.object({
  first: z.number().int().min(1).max(100).default(20),
  after: z.string().min(1).max(512).optional(),
  filter: ListProgramsQuery.pick({ status: true, language: true, topic: true, q: true }).default({}),
});

/** Cursors of GraphQL's program list are signed for it alone: REST's do not page it, nor its REST's. */
const programsList = (ctx: GraphQLContext): ListContext => ({ env: ctx.c.env, req: { path: "/graphql#programs" } });

async function programsPage(ctx: GraphQLContext, args: unknown): Promise<ProgramConnection> {
  const { first, after, filter } = parseInput(ProgramsArgs, args);
  const list = programsList(ctx);
  const position = await decodeCursor(list, after, NewestFirstPosition).catch((error: unknown) => {
    // The same refusal as REST's, naming this API's argument.
    if (error instanceof ProblemError && error.code === "invalid_cursor") {
      throw new ProblemError(400, error.code, error.detail, {
        errors: [{ path: "after", message: "Invalid cursor." }],
      });
    }
    throw error;
  });
  const rows = await listPrograms(ctx.db, { limit: first, after: position, ...filter });
  const kept = rows.slice(0, first);
  const edges = await Promise.all(
    kept.map(async (node) => ({ node, cursor: await encodeCursor(list, [node.updatedAt, node.id]) })),
  );
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

// ---- the query root: viewers and up, as the REST CMS's reads ------------------------------------------------------

builder.queryFields((t) => ({
  program: t.field({
    type: ProgramRef,
    nullable: true,
    description: "A program by id; null when there is none",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      await authorize(ctx, "viewer");
      return String(id);
    },
  }),
  programs: t.field({
    type: ProgramConnectionType,
    description: "Programs, most recently changed first: `first` (20 by default, at most 100) after the cursor `after`",
    args: {
      filter: t.arg({ type: ProgramFilter }),
      first: t.arg.int(),
      after: t.arg.string({ description: "The endCursor of the previous page" }),
    },
    resolve: async (_root, args, ctx) => {
      await authorize(ctx, "viewer");
      return programsPage(ctx, {
        first: args.first ?? undefined,
        after: args.after ?? undefined,
        filter: args.filter ? withoutNulls(args.filter) : undefined,
      });
    },
  }),
  term: t.field({
    type: TermRef,
    nullable: true,
    description: "A term by id; null when there is none",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      await authorize(ctx, "viewer");
      return String(id);
    },
  }),
  lesson: t.field({
    type: LessonRef,
    nullable: true,
    description: "A lesson by id; null when there is none",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      await authorize(ctx, "viewer");
      return String(id);
    },
  }),
}));

/** A filter with its null fields dropped: in GraphQL, null there means "no filter", as an absent query parameter. */
function withoutNulls(filter: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== null && value !== undefined));
}
