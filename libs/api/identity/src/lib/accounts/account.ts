import { LoginSpace, Role } from '@passerelle/shared/contracts';

export type AccountStatus = 'INVITED' | 'ACTIVE' | 'DISABLED';
export type Audience = 'PATIENT' | 'PRO';

export interface Account {
  id: string;
  email: string;
  audience: Audience;
  role: Role;
  status: AccountStatus;
  displayName: string;
  passwordHash: string | null;
  totpSecretSealed: string | null;
  totpEnabledAt: Date | null;
  totpLastStep: number | null;
  failedLoginCount: number;
  lockedUntil: Date | null;
}

export interface NewAccount {
  email: string;
  role: Role;
  displayName: string;
  passwordHash: string | null;
  status?: AccountStatus;
  totpSecretSealed?: string | null;
}

/** Patients log into the patient space; every other role into the professional space. */
export const audienceOfRole = (role: Role): Audience => (role === 'PATIENT' ? 'PATIENT' : 'PRO');
export const audienceOfSpace = (space: LoginSpace): Audience => (space === 'patient' ? 'PATIENT' : 'PRO');
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();
