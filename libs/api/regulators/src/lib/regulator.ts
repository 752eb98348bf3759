import type { RegulatorView } from '@passerelle/shared/contracts';

export interface RegulatorIdentifier {
  system: string;
  value: string;
}

/** A regulator as the platform or an admin describes them. */
export interface RegulatorInput {
  identifier: RegulatorIdentifier | null;
  givenName: string;
  familyName: string;
  email: string;
  active: boolean;
  source: RegulatorView['source'];
}

export type RegulatorRecord = RegulatorView;
