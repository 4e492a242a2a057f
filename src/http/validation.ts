import type { Context } from "hono";
import type { ZodError } from "zod";
import { type FieldProblem, validationFailed } from "./problem";

/** Turns zod issues into field problems; unknown keys become one problem per key. */
export function fieldProblems(error: ZodError): FieldProblem[] {
  return error.issues.flatMap((issue) => {
    const base = issue.path.map(String);
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ path: [...base, key].join("."), message: "Unknown field." }));
    }
    return [{ path: base.join(".") || "(body)", message: issue.message }];
  });
}

/** The validation hook every OpenAPI route uses: a failed zod parse becomes a 400 problem listing every field. */
export function validationHook(result: { success: true } | { success: false; error: ZodError }): void {
  if (!result.success) throw validationFailed(fieldProblems(result.error));
}

/** What @hono/zod-openapi hands a hook: on failure, `data` is the raw input. */
type HookResult<T> = { target: string } & ({ success: true; data: T } | { success: false; error: ZodError });

/** The rules across the fields of one part of a request, each checked on what it can read of the raw input. */
export type CrossFieldRules<C extends Context> = (input: unknown, c: C) => FieldProblem[];

/**
 * A validation hook that adds the rules across fields of `target` (the JSON body, the query…) to zod's own field
 * problems, so that one 400 lists them all. zod's refinements do not run while any field fails; these rules do, each
 * on the fields that passed (read them from the raw input with the fields' own schemas). Other targets get the usual
 * hook.
 *
 * @example
 * router.openapi(listRoute, handler, withCrossFieldRules("query", (query) => rangeProblems(query)));
 */
export function withCrossFieldRules<C extends Context>(target: "json" | "query", rules: CrossFieldRules<C>) {
  return <T>(result: HookResult<T>, c: C): undefined => {
    if (result.target !== target) {
      validationHook(result);
      return undefined;
    }
    const input = (result as { data?: unknown }).data;
    const found = [...(result.success ? [] : fieldProblems(result.error)), ...rules(input, c)];
    if (found.length > 0) throw validationFailed(found);
    return undefined;
  };
}
