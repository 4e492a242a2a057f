/** Typed settings read from the environment (wrangler.toml `[vars]`, `.dev.vars`, `wrangler secret`). */
export interface Config {
  allowedOrigins: string[];
  jwtSecret: string | undefined;
  jwtTtlSeconds: number;
  maxBodyBytes: number;
  maxUploadBytes: number;
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
      allowedOrigins: (env.ALLOWED_ORIGINS ?? "")
        .split(",")
        .map((origin) => origin.trim())
        .filter(Boolean),
      jwtSecret: usableSecret(env.JWT_SECRET),
      jwtTtlSeconds: positiveInt(env.JWT_TTL_SECONDS, 3600),
      maxBodyBytes: positiveInt(env.MAX_BODY_BYTES, 1024 * 1024),
      maxUploadBytes: positiveInt(env.MAX_UPLOAD_BYTES, 10 * 1024 * 1024),
    };
    parsed.set(env, found);
  }
  return found;
}

/** A signing secret shorter than 32 bytes is as good as none: tokens are refused rather than signed weakly. */
function usableSecret(secret: string | undefined): string | undefined {
  if (!secret) return undefined;
  return new TextEncoder().encode(secret).byteLength >= MIN_JWT_SECRET_BYTES ? secret : undefined;
}
