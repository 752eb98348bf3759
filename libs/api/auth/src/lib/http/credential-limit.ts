/** 10 attempts a minute per IP on credential endpoints (and one-time links, which must not be guessable by trying). */
export const CREDENTIAL_LIMIT = { default: { limit: 10, ttl: 60_000 } };
