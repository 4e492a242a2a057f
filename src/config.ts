/** Typed settings read from the environment (wrangler.toml `[vars]`, `.dev.vars`, `wrangler secret`). */
export interface Config {
  allowedOrigins: string[];
  jwtSecret: string | undefined;
  jwtTtlSeconds: number;
  maxBodyBytes: number;
  /** The largest image upload (and asset upload): 10 MiB by default. */
  maxUploadBytes: number;
  /** The largest audio upload: 32 MiB by default. */
  maxAudioUploadBytes: number;
  /** How long a location's edge cache keeps a public answer (when no purge reaches it first). */
  cacheTtlSeconds: number;
  /** Cloudflare's purge-by-tag API, for the deployment's zone: both set, writes purge every location's cache. */
  cachePurgeZoneId: string | undefined;
  cachePurgeApiToken: string | undefined;
}

declare global {
  namespace Cloudflare {
    interface Env {
      /** Optional secrets (`wrangler secret put`): the zone and an API token with Cache Purge permission. */
      CACHE_PURGE_ZONE_ID?: string;
      CACHE_PURGE_API_TOKEN?: string;
    }
  }
}

const MIN_JWT_SECRET_BYTES = 32;

function positiveInt(value: string | undefined, fallback: number): number {
  const parsed = Number(value);
  return Number.isSafeInteger(parsed) && parsed > 0 ? parsed : fallback;
}

// Bindings objects live as long as the isolate; parse each one once.
const parsed = new WeakMap<Env, Config>();

export function config(env: Env): Config {
  let found = parsed.get(env);
  if (!found) {
    found = {
      allowedOrigins: allowedOrigins(env.ALLOWED_ORIGINS),
      jwtSecret: usableSecret(env.JWT_SECRET),
      jwtTtlSeconds: positiveInt(env.JWT_TTL_SECONDS, 3600),
      maxBodyBytes: positiveInt(env.MAX_BODY_BYTES, 1024 * 1024),
      maxUploadBytes: positiveInt(env.MAX_UPLOAD_BYTES, 10 * 1024 * 1024),
      maxAudioUploadBytes: positiveInt(env.MAX_AUDIO_UPLOAD_BYTES, 32 * 1024 * 1024),
      cacheTtlSeconds: positiveInt(env.CACHE_TTL_SECONDS, 60),
      cachePurgeZoneId: env.CACHE_PURGE_ZONE_ID || undefined,
      cachePurgeApiToken: env.CACHE_PURGE_API_TOKEN || undefined,
    };
    parsed.set(env, found);
  }
  return found;
}

/**
 * The origins CORS grants: any (`*`) unless `ALLOWED_ORIGINS` lists some. The API takes bearer tokens, never cookies,
 * so a grant lets a page call it with a token it holds, not with the user's ambient credentials.
 */
function allowedOrigins(setting: string | undefined): string[] {
  const listed = (setting ?? "")
    .split(",")
    .map((origin) => origin.trim())
    .filter(Boolean);
  return listed.length > 0 ? listed : ["*"];
}

/** A signing secret shorter than 32 bytes is as good as none: tokens are refused rather than signed weakly. */
function usableSecret(secret: string | undefined): string | undefined {
  if (!secret) return undefined;
  return new TextEncoder().encode(secret).byteLength >= MIN_JWT_SECRET_BYTES ? secret : undefined;
}
