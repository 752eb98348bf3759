/**
 * "Firefox sur Windows": enough for a person to recognise a device in the
 * list of active sessions, without showing a raw User-Agent string.
 */
export function describeDevice(userAgent: string | null): string {
  if (!userAgent) {
    return 'Appareil inconnu';
  }
  const browser = detectBrowser(userAgent);
  const system = detectSystem(userAgent);
  if (browser && system) {
    return `${browser} sur ${system}`;
  }
  return browser ?? system ?? 'Appareil inconnu';
}

function detectBrowser(userAgent: string): string | null {
  if (/Edg(e|A|iOS)?\//.test(userAgent)) return 'Edge';
  if (/OPR\/|Opera/.test(userAgent)) return 'Opera';
  if (/Firefox\/|FxiOS\//.test(userAgent)) return 'Firefox';
  if (/SamsungBrowser\//.test(userAgent)) return 'Samsung Internet';
  if (/Chrome\/|CriOS\//.test(userAgent)) return 'Chrome';
  if (/Safari\//.test(userAgent) && /Version\//.test(userAgent))
    return 'Safari';
  return null;
}

function detectSystem(userAgent: string): string | null {
  if (/Windows/.test(userAgent)) return 'Windows';
  if (/Android/.test(userAgent)) return 'Android';
  if (/iPhone|iPod/.test(userAgent)) return 'iPhone';
  if (/iPad/.test(userAgent)) return 'iPad';
  if (/CrOS/.test(userAgent)) return 'ChromeOS';
  if (/Mac OS X|Macintosh/.test(userAgent)) return 'macOS';
  if (/Linux/.test(userAgent)) return 'Linux';
  return null;
}

const DATE_TIME = new Intl.DateTimeFormat('fr-FR', {
  dateStyle: 'long',
  timeStyle: 'short',
});

/** "12 mars 2025 à 14:05", in the browser's time zone. */
export function formatDateTime(isoInstant: string): string {
  return DATE_TIME.format(new Date(isoInstant));
}
