import { Injectable } from '@nestjs/common';
import { MessagingPractitionerView } from '@passerelle/shared/contracts';
import { KeyRepository } from '../keys/key.repository';
import { MessagingPractitioner, ThreadRepository } from './thread.repository';

const WEEK_MS = 7 * 24 * 3_600_000;

export interface Eligibility {
  allowed: boolean;
  refusal: string | null;
  threadsOpenedThisWeek: number;
}

/**
 * Who may open a thread with whom (patient side). A patient writes only to a
 * practitioner who already treated them (care relationship) and who enabled
 * messaging, within the practice's weekly limit; the practice's keys must
 * exist for the message to be encrypted to it.
 */
@Injectable()
export class MessagingEligibility {
  constructor(
    private readonly threads: ThreadRepository,
    private readonly keys: KeyRepository,
  ) {}

  async myPractitioners(patientId: string, patientAccountId: string): Promise<MessagingPractitionerView[]> {
    const practitioners = await this.threads.practitionersOfPatient(patientId);
    return Promise.all(
      practitioners.map(async (p) => {
        const [eligibility, practitionerKey, practiceKey] = await Promise.all([
          this.check(patientId, patientAccountId, p, true),
          this.keys.accountKey(p.accountId),
          this.keys.practiceKey(p.practiceId),
        ]);
        return {
          practitionerId: p.id,
          displayName: p.displayName,
          specialtyLabel: p.specialtyLabel,
          practiceName: p.practiceName,
          canOpenThread: eligibility.allowed,
          refusal: eligibility.refusal,
          answerDelayDays: p.answerDelayDays,
          weeklyThreadLimit: p.weeklyThreadLimit,
          threadsOpenedThisWeek: eligibility.threadsOpenedThisWeek,
          publicKeys: practitionerKey && practiceKey ? { practitioner: practitionerKey.publicKey, practice: practiceKey.publicKey } : null,
        };
      }),
    );
  }

  async check(patientId: string, patientAccountId: string, practitioner: MessagingPractitioner, treated: boolean): Promise<Eligibility> {
    const opened = await this.threads.threadsOpenedSince(patientId, practitioner.practiceId, patientAccountId, new Date(Date.now() - WEEK_MS));
    const refuse = (refusal: string): Eligibility => ({ allowed: false, refusal, threadsOpenedThisWeek: opened });
    if (!treated) {
      return refuse("Vous ne pouvez écrire qu'à un praticien qui vous a déjà reçu en consultation.");
    }
    if (!practitioner.messagingEnabled) {
      return refuse("Ce praticien n'a pas activé la messagerie.");
    }
    if (practitioner.weeklyThreadLimit !== null && opened >= practitioner.weeklyThreadLimit) {
      return refuse(`Vous avez atteint la limite de ${practitioner.weeklyThreadLimit} nouvelle(s) conversation(s) par semaine fixée par ce cabinet.`);
    }
    const [practitionerKey, practiceKey, patientKey] = await Promise.all([
      this.keys.accountKey(practitioner.accountId),
      this.keys.practiceKey(practitioner.practiceId),
      this.keys.accountKey(patientAccountId),
    ]);
    if (!practitionerKey || !practiceKey) {
      return refuse("La messagerie sécurisée de ce cabinet n'est pas encore prête.");
    }
    if (!patientKey) {
      return refuse("Activez d'abord votre messagerie sécurisée (création de votre clé).");
    }
    return { allowed: true, refusal: null, threadsOpenedThisWeek: opened };
  }
}
