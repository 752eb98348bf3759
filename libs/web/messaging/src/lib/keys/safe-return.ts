/** Only this app's own messaging paths: never another origin. */
export function safeReturn(url: unknown): string | null {
  return typeof url === 'string' && url.startsWith('/') && !url.startsWith('//') && !url.includes('deverrouiller') ? url : null;
}
