// What the global setup (server.ts) hands the browser tests through `inject`.
declare module "vitest" {
  export interface ProvidedContext {
    /** Where the Worker under test answers, e.g. http://127.0.0.1:43567. */
    baseUrl: string;
  }
}

export {};
