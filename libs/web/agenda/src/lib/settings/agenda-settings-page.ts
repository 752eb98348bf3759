import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import {
  AgendaSettingsView,
  EXTRA_IDENTITY_FIELDS,
  ExtraIdentityField,
  UpdateAgendaSettingsRequest,
} from '@passerelle/shared/contracts';
import { toApiError } from '@passerelle/web/core';
import { apiErrorMessage, FieldErrorMessages, FormFeedback, FieldControl, FormField } from '@passerelle/web/ui';
import { firstValueFrom } from 'rxjs';
import { AgendaApi } from '../agenda-api';
import { PracticeContext } from '../practice/practice-context';
import { PractitionerPicker } from '../practice/practitioner-picker';

export const SLOT_LENGTHS = [5, 10, 15, 20, 30, 45, 60] as const;

export const EXTRA_IDENTITY_FIELD_LABELS: Record<ExtraIdentityField, string> = {
  email: 'Adresse e-mail',
  address: 'Adresse postale',
  socialSecurityNumber: 'Numéro de sécurité sociale',
  referringDoctor: 'Médecin traitant',
  birthPlace: 'Lieu de naissance',
};

const MESSAGES: FieldErrorMessages = {
  slotMinutes: { required: 'Choisissez la durée d’un créneau.' },
  horizonDays: {
    required: 'Indiquez le nombre de jours ouverts à la réservation.',
    min: '7 jours au moins.',
    max: '365 jours au plus.',
  },
  patientCancelCutoffHours: {
    required: 'Indiquez le délai d’annulation.',
    min: '0 heure au moins.',
    max: '168 heures (7 jours) au plus.',
  },
};

/** Slot length, booking horizon and mode, cancel cut-off, new patients, SAS, identity fields. */
@Component({
  selector: 'app-agenda-settings-page',
  imports: [FormField, FieldControl, ReactiveFormsModule, PractitionerPicker],
  templateUrl: './agenda-settings-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AgendaSettingsPage {
  private readonly api = inject(AgendaApi);
  private readonly fb = inject(FormBuilder).nonNullable;
  protected readonly context = inject(PracticeContext);

  protected readonly slotLengths = SLOT_LENGTHS;
  protected readonly identityFields = EXTRA_IDENTITY_FIELDS;
  protected readonly identityLabels = EXTRA_IDENTITY_FIELD_LABELS;

  protected readonly form = this.fb.group({
    slotMinutes: [15, Validators.required],
    horizonDays: [90, [Validators.required, Validators.min(7), Validators.max(365)]],
    motifEntryMode: ['FREE' as 'FREE' | 'LIST'],
    onlineBookingMode: ['OPEN' as 'OPEN' | 'ALLOW_LIST'],
    patientCancelCutoffHours: [24, [Validators.required, Validators.min(0), Validators.max(168)]],
    acceptsNewPatients: [true],
    sasParticipation: [false],
    extraIdentityFields: this.fb.group(
      Object.fromEntries(EXTRA_IDENTITY_FIELDS.map((f) => [f, [false]])) as Record<ExtraIdentityField, [boolean]>,
    ),
  });
  protected readonly feedback = new FormFeedback(this.form, MESSAGES);
  protected readonly loaded = signal(false);
  protected readonly loadError = signal<string | null>(null);
  protected readonly saved = signal<string | null>(null);

  constructor() {
    this.context.followPractitioner((practitionerId) => this.load(practitionerId));
  }

  protected async save(): Promise<void> {
    const practitionerId = this.context.practitionerId();
    this.saved.set(null);
    if (!practitionerId || !this.feedback.start()) {
      return;
    }
    const value = this.form.getRawValue();
    const request: UpdateAgendaSettingsRequest = {
      slotMinutes: Number(value.slotMinutes),
      horizonDays: Number(value.horizonDays),
      motifEntryMode: value.motifEntryMode,
      onlineBookingMode: value.onlineBookingMode,
      patientCancelCutoffHours: Number(value.patientCancelCutoffHours),
      acceptsNewPatients: value.acceptsNewPatients,
      sasParticipation: value.sasParticipation,
      extraIdentityFields: this.identityFields.filter((f) => value.extraIdentityFields[f]),
    };
    try {
      this.fill(await firstValueFrom(this.api.updateSettings(practitionerId, request)));
      this.feedback.done();
      this.saved.set('Réglages enregistrés.');
    } catch (error) {
      this.feedback.fail(toApiError(error));
    }
  }

  private async load(practitionerId: string): Promise<void> {
    this.loaded.set(false);
    this.loadError.set(null);
    this.saved.set(null);
    try {
      const settings = await firstValueFrom(this.api.settings(practitionerId));
      if (this.context.practitionerId() === practitionerId) {
        this.fill(settings);
        this.loaded.set(true);
      }
    } catch (error) {
      this.loadError.set(apiErrorMessage(toApiError(error)));
    }
  }

  private fill(settings: AgendaSettingsView): void {
    this.form.reset({
      slotMinutes: settings.slotMinutes,
      horizonDays: settings.horizonDays,
      motifEntryMode: settings.motifEntryMode,
      onlineBookingMode: settings.onlineBookingMode,
      patientCancelCutoffHours: settings.patientCancelCutoffHours,
      acceptsNewPatients: settings.acceptsNewPatients,
      sasParticipation: settings.sasParticipation,
      extraIdentityFields: Object.fromEntries(
        EXTRA_IDENTITY_FIELDS.map((f) => [f, settings.extraIdentityFields.includes(f)]),
      ) as Record<ExtraIdentityField, boolean>,
    });
  }
}
