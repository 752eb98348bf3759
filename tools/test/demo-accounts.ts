/**
 * The demo accounts the API seeds on an empty database, shared by the API and
 * web e2e tiers. Keep in step with the API's demo seed.
 */
export type DemoRole = 'PATIENT' | 'PRACTITIONER' | 'SECRETARY' | 'REGULATOR' | 'ADMIN';
export type DemoSpace = 'patient' | 'pro';

export interface DemoAccount {
  /** Short stable key for test titles and lookups. */
  key: string;
  email: string;
  password: string;
  role: DemoRole;
  space: DemoSpace;
  /** Base32 TOTP secret; absent for accounts without a second factor. */
  totpSecret?: string;
  /** The radio to pick on /connexion. */
  spaceLabel: string;
  /** The h1 of the role's home page after login. */
  homeHeading: string;
}

/** Professionals always have a second factor. */
export interface ProDemoAccount extends DemoAccount {
  space: 'pro';
  totpSecret: string;
}

export const DEMO_PASSWORD = 'Passerelle-Demo-2026!';
/**
 * Fixed TOTP secret of every demo professional (base32, 20 bytes), as seeded by
 * libs/api/identity/src/lib/demo/demo-data.ts. (The issue's
 * 'PASSERELLEDEMOTOTP234567' decodes to 15 bytes, which otplib refuses.)
 */
export const DEMO_TOTP_SECRET = 'PASSERELLEDEMOTOTPSECRET234567AB';

const PRO_SPACE_LABEL = 'Espace professionnel de santé';
const PATIENT_SPACE_LABEL = 'Espace patient';

const pro = (key: string, email: string, role: DemoRole, homeHeading: string): ProDemoAccount => ({
  key,
  email,
  password: DEMO_PASSWORD,
  role,
  space: 'pro',
  totpSecret: DEMO_TOTP_SECRET,
  spaceLabel: PRO_SPACE_LABEL,
  homeHeading,
});

export const DEMO_ACCOUNTS = {
  practitioner: pro('practitioner', 'claire.martin@passerelle.demo', 'PRACTITIONER', 'Mon cabinet'),
  secondPractitioner: pro('secondPractitioner', 'karim.benali@passerelle.demo', 'PRACTITIONER', 'Mon cabinet'),
  secretary: pro('secretary', 'sophie.lefevre@passerelle.demo', 'SECRETARY', 'Mon cabinet'),
  regulator: pro('regulator', 'julien.moreau@regulation.passerelle.demo', 'REGULATOR', 'Régulation SAS'),
  admin: pro('admin', 'admin@passerelle.demo', 'ADMIN', 'Administration'),
  patient: {
    key: 'patient',
    email: 'marie.durand@exemple.fr',
    password: DEMO_PASSWORD,
    role: 'PATIENT',
    space: 'patient',
    spaceLabel: PATIENT_SPACE_LABEL,
    homeHeading: 'Mon espace patient',
  },
} as const satisfies Record<string, DemoAccount>;

export type DemoAccountKey = keyof typeof DEMO_ACCOUNTS;

/** Every demo account, in a stable order. */
export const ALL_DEMO_ACCOUNTS: readonly DemoAccount[] = Object.values(DEMO_ACCOUNTS);
