/** A page the national test kit and a person can read: HTML with a login or error keyword (note §3). */
export function sasHtmlPage(title: string, message: string, link?: { href: string; label: string }): string {
  const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)} — Passerelle</title></head>
<body><main><h1>${escape(title)}</h1><p>${escape(message)}</p>${link ? `<p><a href="${escape(link.href)}">${escape(link.label)}</a></p>` : ''}</main></body></html>`;
}

/** `origin=sas` in production, `sas-preprod` from the test kit: anything starting with "sas". */
export const isSasOrigin = (origin: unknown): boolean => typeof origin === 'string' && /^sas/i.test(origin.trim());

/** Where a regulator lands in the web app: the practitioner's slots in the regulation space. */
export const regulatorLanding = (practitionerId: string | null): string => (practitionerId ? `/regulation/praticiens/${practitionerId}` : '/regulation');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const practitionerParam = (value: unknown): string | null => (typeof value === 'string' && UUID.test(value) ? value.toLowerCase() : null);
