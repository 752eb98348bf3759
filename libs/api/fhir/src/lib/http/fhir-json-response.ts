import type { Request, Response } from 'express';
import { promisify } from 'node:util';
import { constants, gzip } from 'node:zlib';
import { FHIR_JSON } from '../fhir-vocabulary';

const gzipAsync = promisify(gzip);

/** Smaller answers go as they are: compressing them saves no time on any network. */
const COMPRESS_FROM_BYTES = 8 * 1024;

/**
 * Sends a FHIR JSON text (a searchset Bundle of thousands of Slots is 0.5–1 MB)
 * gzip-compressed when the client accepts it, as the SAS platform's HTTP client
 * does by default. Level 1: the Bundle is so repetitive that it already shrinks
 * ~25× (27 KB for 740 KB, ~1 ms, in zlib's thread pool, off the event loop),
 * while the default level 6 takes 2–3× longer for ~20 % less.
 *
 * Written by hand rather than with the `compression` middleware (not a
 * dependency of ours; it would also compress every other route): one
 * endpoint, one encoding, and no ETag (Express would hash the whole body on
 * every call; a search answer depends on "now" and is never revalidated).
 */
export async function sendFhirJson(request: Request, response: Response, json: string): Promise<void> {
  const body = Buffer.from(json, 'utf8');
  response.setHeader('Content-Type', `${FHIR_JSON}; charset=utf-8`);
  response.setHeader('Vary', 'Accept-Encoding');
  if (body.length >= COMPRESS_FROM_BYTES && request.acceptsEncodings('gzip', 'identity') === 'gzip') {
    const compressed = await gzipAsync(body, { level: constants.Z_BEST_SPEED });
    response.setHeader('Content-Encoding', 'gzip');
    response.setHeader('Content-Length', String(compressed.length));
    response.end(compressed);
    return;
  }
  response.setHeader('Content-Length', String(body.length));
  response.end(body);
}
