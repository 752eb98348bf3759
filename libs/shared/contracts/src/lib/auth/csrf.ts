/**
 * CSRF: the API sets a readable cookie XSRF-TOKEN; every state-changing
 * request must echo it in the X-XSRF-TOKEN header. These are Angular's
 * HttpClient defaults (withXsrfConfiguration), so the web app needs no code.
 */
export const CSRF_COOKIE = 'XSRF-TOKEN';
export const CSRF_HEADER = 'X-XSRF-TOKEN';
/** Session cookie name (HttpOnly). */
export const SESSION_COOKIE = 'passerelle_session';
