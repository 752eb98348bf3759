/** The administration pages' URLs. */
export const ADMIN_ROUTES = {
  home: '/admin',
  regulators: '/admin/regulateurs',
  outbox: '/admin/e-mails',
} as const;
