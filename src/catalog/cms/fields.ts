import { z } from "@hono/zod-openapi";
import { LanguageSchema } from "../models";

// Field rules that several CMS resources share.

export const Title = z.string().trim().min(1).max(200);
export const Description = z.string().trim().max(5000);
export const Languages = z.array(LanguageSchema).min(1).max(20);
/** A term's number within its program, or a lesson's within its term. */
export const SequenceNumber = z.number().int().min(1).max(10_000);

export const distinct = (values: string[]) => new Set(values).size === values.length;
