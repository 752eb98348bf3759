/**
 * The authentication and account HTTP routes (all under /api). One list for
 * the API controllers' documentation and the web app's services.
 *
 * GET  /api/auth/session                 → SessionView, or 401 when there is no session
 * POST /api/auth/login                   LoginRequest → SessionView (stage says what comes next)
 * POST /api/auth/mfa/verify              MfaCodeRequest → SessionView
 * POST /api/auth/mfa/enrolment           → MfaEnrolmentStart (stage mfa-enrolment-required, or re-authenticated)
 * POST /api/auth/mfa/enrolment/confirm   MfaCodeRequest → MfaEnrolmentResult
 * POST /api/auth/reauthenticate          ReauthenticateRequest → 204
 * POST /api/auth/logout                  → 204
 * POST /api/auth/logout-everywhere       → 204
 * POST /api/auth/register                PatientRegistrationRequest → SessionView (patients only)
 * GET  /api/account/sessions             → ActiveSessionView[]
 * POST /api/auth/password-reset          PasswordResetRequest → 202, the same for any e-mail (a link is mailed if the account exists)
 * GET  /api/auth/password-reset/:token   → PasswordResetView (404 unknown, 410 used or expired)
 * POST /api/auth/password-reset/:token   CompletePasswordResetRequest → 204 (every session revoked)
 * POST /api/account/password             ChangePasswordRequest → 204 (needs a re-authentication < 5 min;
 *                                        with messaging keys, also the key protected by the new password)
 * POST /api/account/email                ChangeEmailRequest → 204 (needs a re-authentication < 5 min)
 */
export const AUTH_ROUTES = {
  session: '/api/auth/session',
  login: '/api/auth/login',
  mfaVerify: '/api/auth/mfa/verify',
  mfaEnrolment: '/api/auth/mfa/enrolment',
  mfaEnrolmentConfirm: '/api/auth/mfa/enrolment/confirm',
  reauthenticate: '/api/auth/reauthenticate',
  logout: '/api/auth/logout',
  logoutEverywhere: '/api/auth/logout-everywhere',
  register: '/api/auth/register',
  passwordReset: '/api/auth/password-reset',
  passwordResetLink: (token: string) => `/api/auth/password-reset/${encodeURIComponent(token)}`,
  sessions: '/api/account/sessions',
  password: '/api/account/password',
  email: '/api/account/email',
} as const;
