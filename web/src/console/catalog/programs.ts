import { infiniteQueryOptions, type QueryClient, queryOptions } from "@tanstack/react-query";
import { api, type Schemas, unwrap } from "../../api/client";

export type CmsProgram = Schemas["CmsProgram"];
export type ProgramListItem = Schemas["CmsProgramListItem"];
export type ProgramDetail = Schemas["CmsProgramDetail"];
export type ProgramTerm = ProgramDetail["terms"][number];
export type LessonSummary = ProgramTerm["lessons"][number];
export type Topic = Schemas["Topic"];
export type Term = Schemas["Term"];
export type NewProgram = Schemas["CreateProgramRequest"];
export type ProgramChanges = Schemas["UpdateProgramRequest"];
export type NewLesson = Schemas["CreateLessonRequest"];
export type Variant = Schemas["ProgramAsset"]["variant"];
export type ProgramStatus = CmsProgram["status"];
export type LessonStatus = LessonSummary["status"];

/** Who owns a set of images: a program's posters, a lesson's thumbnails. */
export interface AssetOwner {
  kind: "program" | "lesson";
  id: string;
}

/** A poster or thumbnail: which language and variant it is, and where it is served. */
export type OwnedImage = Pick<Schemas["ProgramAsset"], "language" | "variant" | "url" | "updated_at">;

/** Every variant an image comes in, in the order the editors show them. */
export const VARIANTS: readonly Variant[] = ["portrait", "landscape", "square", "banner"];

/** Filters of the console's programs table, as `GET /cms/programs` takes them. */
export interface ProgramFilter {
  status?: ProgramStatus;
  language?: string;
  topic?: string;
  q?: string;
}

const PAGE = 20;
const nextCursor = (page: { next_cursor?: string | null }) => page.next_cursor ?? undefined;
const path = (id: string) => ({ params: { path: { id } } });

// Under ["catalog", "cms", …]: the public catalog's own views sit beside them under ["catalog", …] with other shapes.
/**
 * What the console's catalog pages read, as TanStack Query options, all under `["catalog", …]` so that a write can
 * refresh every view it changes (see `refreshCatalog`).
 *
 * @example
 * const programs = useInfiniteQuery(cms.programs({ status: "draft" }));
 */
export const cms = {
  programs: (filter: ProgramFilter) =>
    infiniteQueryOptions({
      queryKey: ["catalog", "cms", "programs", filter],
      queryFn: ({ pageParam, signal }) =>
        unwrap(api.GET("/cms/programs", { params: { query: { ...filter, limit: PAGE, cursor: pageParam } }, signal })),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: nextCursor,
    }),
  program: (id: string) =>
    queryOptions({
      queryKey: ["catalog", "cms", "program", id],
      queryFn: ({ signal }) => unwrap(api.GET("/cms/programs/{id}", { ...path(id), signal })),
    }),
  topicsPaged: () =>
    infiniteQueryOptions({
      queryKey: ["catalog", "cms", "topics", "paged"],
      queryFn: ({ pageParam, signal }) =>
        unwrap(api.GET("/cms/topics", { params: { query: { limit: 50, cursor: pageParam } }, signal })),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: nextCursor,
    }),
  /** The first hundred topics by name, for choosing among them (filters, a program's topics). */
  topicChoices: () =>
    queryOptions({
      queryKey: ["catalog", "cms", "topics", "choices"],
      queryFn: ({ signal }) => unwrap(api.GET("/cms/topics", { params: { query: { limit: 100 } }, signal })),
    }),
  /** A program's posters or a lesson's thumbnails (its subtitles are not images, so left out), every one of them. */
  images: (owner: AssetOwner) =>
    queryOptions({
      queryKey: ["catalog", "cms", "assets", owner.kind, owner.id],
      queryFn: async ({ signal }): Promise<OwnedImage[]> => {
        if (owner.kind === "program") {
          return (await unwrap(api.GET("/cms/programs/{id}/assets", { ...path(owner.id), signal }))).data;
        }
        const assets = await unwrap(api.GET("/cms/lessons/{id}/assets", { ...path(owner.id), signal }));
        return assets.data.filter((asset) => asset.asset_type === "thumbnail");
      },
    }),
};

/** After a write: every catalog view the console (and the public pages) holds is read again when next shown. */
export const refreshCatalog = (client: QueryClient) => client.invalidateQueries({ queryKey: ["catalog"] });

/** Where an owner's image of a language and variant is set or removed. */
const slot = (owner: AssetOwner, language: string, variant: Variant) => ({
  params: { path: { id: owner.id, language, variant } },
});

/** The console's catalog writes; each resolves with the API's answer or rejects with its `ApiError`. */
export const cmsWrites = {
  createProgram: (body: NewProgram) => unwrap(api.POST("/cms/programs", { body })),
  changeProgram: (id: string, body: ProgramChanges) => unwrap(api.PATCH("/cms/programs/{id}", { ...path(id), body })),
  archiveProgram: (id: string) => unwrap(api.POST("/cms/programs/{id}/archive", path(id))),
  restoreProgram: (id: string) => unwrap(api.POST("/cms/programs/{id}/restore", path(id))),
  deleteProgram: (id: string) => unwrap(api.DELETE("/cms/programs/{id}", path(id))),
  addTerm: (programId: string, body: Schemas["CreateTermRequest"]) =>
    unwrap(api.POST("/cms/programs/{id}/terms", { ...path(programId), body })),
  changeTerm: (id: string, body: Schemas["UpdateTermRequest"]) =>
    unwrap(api.PATCH("/cms/terms/{id}", { ...path(id), body })),
  deleteTerm: (id: string) => unwrap(api.DELETE("/cms/terms/{id}", path(id))),
  addLesson: (termId: string, body: NewLesson) =>
    unwrap(api.POST("/cms/terms/{id}/lessons", { ...path(termId), body })),
  createTopic: (name: string) => unwrap(api.POST("/cms/topics", { body: { name } })),
  renameTopic: (id: string, name: string) => unwrap(api.PATCH("/cms/topics/{id}", { ...path(id), body: { name } })),
  deleteTopic: (id: string) => unwrap(api.DELETE("/cms/topics/{id}", path(id))),
  /** Stores an image file; answers where it is served (`/media/images/…`), for a poster or thumbnail to point at. */
  uploadImage: (file: Blob) =>
    unwrap(
      api.POST("/cms/upload/{kind}", {
        params: { path: { kind: "image" } },
        // The file's bytes are the body: the API reads the format from them, whatever the type says.
        body: { file: "" },
        bodySerializer: () => file,
        headers: { "Content-Type": "application/octet-stream" },
      }),
    ),
  /** Points the owner's image of `language` and `variant` at `url` (an upload's `/media/…` or an https address). */
  setAsset: (owner: AssetOwner, language: string, variant: Variant, url: string) =>
    owner.kind === "program"
      ? unwrap(
          api.PUT("/cms/programs/{id}/posters/{language}/{variant}", {
            ...slot(owner, language, variant),
            body: { url },
          }),
        )
      : unwrap(
          api.PUT("/cms/lessons/{id}/thumbnails/{language}/{variant}", {
            ...slot(owner, language, variant),
            body: { url },
          }),
        ),
  removeAsset: (owner: AssetOwner, language: string, variant: Variant) =>
    owner.kind === "program"
      ? unwrap(api.DELETE("/cms/programs/{id}/posters/{language}/{variant}", slot(owner, language, variant)))
      : unwrap(api.DELETE("/cms/lessons/{id}/thumbnails/{language}/{variant}", slot(owner, language, variant))),
};
