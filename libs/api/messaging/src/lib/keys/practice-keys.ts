import { Injectable } from '@nestjs/common';
import { KeyRepository, StoredPracticeKey } from './key.repository';

export type PracticePublicKey = StoredPracticeKey;

/**
 * Practices' public keys for other contexts that encrypt to a practice (a
 * SAS regulator's attachments): who may read is decided here, in the one
 * place that stores keys, not copied into those contexts.
 */
@Injectable()
export class PracticeKeys {
  constructor(private readonly keys: KeyRepository) {}

  /** The key of the practitioner's practice; null until a practitioner of that practice has opened the messaging once (it is created in the browser). */
  ofPractitioner(practitionerId: string): Promise<PracticePublicKey | null> {
    return this.keys.practiceKeyOfPractitioner(practitionerId);
  }
}
