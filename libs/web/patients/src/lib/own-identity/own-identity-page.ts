import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { AbstractControl, FormBuilder, ReactiveFormsModule, ValidationErrors, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import {
  FRENCH_PHONE_MESSAGE,
  FRENCH_PHONE_PATTERN,
  IDENTITY_STATUS_LABELS,
  isPastBirthDate,
  OwnPatientIdentityRequest,
  PatientIdentityView,
  PERSON_NAME_PATTERN,
} from '@passerelle/shared/contracts';
import { toApiError, WEB_ROUTES } from '@passerelle/web/core';
import { FieldControl, FieldErrorMessages, FormFeedback, FormField } from '@passerelle/web/ui';
import { firstValueFrom } from 'rxjs';
import { PatientsApi } from '../patients-api';

const LETTERS = 'Lettres, espaces, tirets et apostrophes uniquement.';
const MESSAGES: FieldErrorMessages = {
  birthName: { required: 'Saisissez votre nom de naissance.', pattern: LETTERS, maxlength: '100 caractères au plus.' },
  usedName: { pattern: LETTERS, maxlength: '100 caractères au plus.' },
  firstNames: { required: 'Saisissez vos prénoms, comme sur votre pièce d’identité.', pattern: LETTERS, maxlength: '150 caractères au plus.' },
  usedFirstName: { pattern: LETTERS, maxlength: '100 caractères au plus.' },
  birthDate: { required: 'Saisissez votre date de naissance.', birthDate: 'Date de naissance invalide : une date réelle, passée.' },
  sex: { required: 'Choisissez une réponse.' },
  bornInFrance: { required: 'Indiquez si vous êtes né(e) en France.' },
  communeInsee: { required: 'Saisissez le code INSEE de votre commune de naissance.', pattern: 'Code INSEE à 5 caractères (par exemple 69123 pour Lyon).' },
  countryInsee: { required: 'Saisissez le code INSEE de votre pays de naissance.', pattern: 'Code à 5 chiffres commençant par 99 (par exemple 99134 pour l’Espagne).' },
  phone: { pattern: FRENCH_PHONE_MESSAGE },
};

const birthDate = (c: AbstractControl): ValidationErrors | null => (!c.value || isPastBirthDate(c.value) ? null : { birthDate: true });
/** What a practice verified on an identity document: the patient no longer changes it here. */
const DOCUMENT_FIELDS = ['birthName', 'firstNames', 'birthDate', 'sex', 'bornInFrance', 'communeInsee', 'countryInsee'] as const;

/**
 * "Mon identité": the identity a patient records before booking, as on their
 * identity document (INS rules). Self-declared it is provisional; once the
 * practice validated it, only the used names and the phone stay editable.
 */
@Component({
  selector: 'app-own-identity-page',
  imports: [ReactiveFormsModule, RouterLink, FormField, FieldControl],
  templateUrl: './own-identity-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OwnIdentityPage {
  private readonly api = inject(PatientsApi);

  protected readonly routes = WEB_ROUTES;
  protected readonly identity = signal<PatientIdentityView | null>(null);
  protected readonly loading = signal(true);
  protected readonly saved = signal(false);
  protected readonly verified = computed(() => ['VALIDATED', 'QUALIFIED'].includes(this.identity()?.identityStatus ?? ''));
  protected readonly statusLabel = computed(() => {
    const status = this.identity()?.identityStatus;
    return status ? IDENTITY_STATUS_LABELS[status] : null;
  });

  protected readonly form = inject(FormBuilder).nonNullable.group({
    birthName: ['', [Validators.required, Validators.maxLength(100), Validators.pattern(PERSON_NAME_PATTERN)]],
    usedName: ['', [Validators.maxLength(100), Validators.pattern(PERSON_NAME_PATTERN)]],
    firstNames: ['', [Validators.required, Validators.maxLength(150), Validators.pattern(PERSON_NAME_PATTERN)]],
    usedFirstName: ['', [Validators.maxLength(100), Validators.pattern(PERSON_NAME_PATTERN)]],
    birthDate: ['', [Validators.required, birthDate]],
    sex: ['' as '' | 'F' | 'M' | 'U', Validators.required],
    bornInFrance: [null as boolean | null, Validators.required],
    communeInsee: ['', [Validators.pattern(/^(\d{5}|2[AB]\d{3})$/i)]],
    countryInsee: ['', [Validators.pattern(/^99\d{3}$/)]],
    phone: ['', [Validators.pattern(FRENCH_PHONE_PATTERN)]],
  });
  protected readonly feedback = new FormFeedback(this.form, MESSAGES);

  constructor() {
    // The birth place asks for a commune or a country, never both.
    this.form.controls.bornInFrance.valueChanges.subscribe((inFrance) => {
      const { communeInsee, countryInsee } = this.form.controls;
      communeInsee.setValidators(inFrance ? [Validators.required, Validators.pattern(/^(\d{5}|2[AB]\d{3})$/i)] : []);
      countryInsee.setValidators(inFrance === false ? [Validators.required, Validators.pattern(/^99\d{3}$/)] : []);
      communeInsee.updateValueAndValidity();
      countryInsee.updateValueAndValidity();
    });
    void this.load();
  }

  protected async submit(): Promise<void> {
    this.saved.set(false);
    if (!this.feedback.start()) return;
    const v = this.form.getRawValue();
    const request: OwnPatientIdentityRequest = {
      birthName: v.birthName,
      usedName: v.usedName || undefined,
      firstNames: v.firstNames,
      usedFirstName: v.usedFirstName || undefined,
      birthDate: v.birthDate,
      sex: v.sex as 'F' | 'M' | 'U',
      birthPlace: v.bornInFrance ? { bornInFrance: true, communeInsee: v.communeInsee } : { bornInFrance: false, countryInsee: v.countryInsee },
      phone: v.phone || undefined,
    };
    try {
      this.show(await firstValueFrom(this.api.saveOwnIdentity(request)));
      this.feedback.done();
      this.saved.set(true);
    } catch (error) {
      this.feedback.fail(toApiError(error));
    }
  }

  private async load(): Promise<void> {
    try {
      this.show(await firstValueFrom(this.api.ownIdentity()));
    } catch (error) {
      // 404: nothing recorded yet, the form starts empty.
      if (toApiError(error).statusCode !== 404) this.feedback.fail(toApiError(error));
    } finally {
      this.loading.set(false);
    }
  }

  private show(identity: PatientIdentityView): void {
    this.identity.set(identity);
    this.form.patchValue({
      birthName: identity.birthName,
      usedName: identity.usedName ?? '',
      firstNames: identity.firstNames,
      usedFirstName: identity.usedFirstName ?? '',
      birthDate: identity.birthDate,
      sex: identity.sex,
      bornInFrance: identity.birthCountryInsee ? false : identity.birthPlaceInsee ? true : null,
      communeInsee: identity.birthPlaceInsee ?? '',
      countryInsee: identity.birthCountryInsee ?? '',
      phone: identity.phone ?? '',
    });
    for (const name of DOCUMENT_FIELDS) {
      const control = this.form.controls[name];
      if (this.verified()) control.disable({ emitEvent: false });
      else control.enable({ emitEvent: false });
    }
  }
}
