/** The methods RFC 9110 calls safe: they only read, so a read replica may answer them and a read scope covers them. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** True for GET, HEAD and OPTIONS. */
export const isSafeMethod = (method: string): boolean => SAFE_METHODS.has(method.toUpperCase());
