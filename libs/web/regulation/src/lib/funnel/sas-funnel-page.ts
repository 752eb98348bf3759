import { afterNextRender, ChangeDetectionStrategy, Component, computed, DestroyRef, ElementRef, inject, Injector, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { AbstractControl, FormBuilder, ReactiveFormsModule, ValidationErrors, Validators } from '@angular/forms';
import { ActivatedRoute, RouterLink } from '@angular/router';
import {
  API_ERROR_CODES,
  CONSULTATION_TYPE_LABELS,
  ConsultationType,
  ExtraIdentityField,
  FRENCH_PHONE_PATTERN,
  isPastBirthDate,
  isValidNir,
  MotifView,
  SAS_MESSAGE_MAX_LENGTH,
  SAS_MESSAGE_WARNING,
  SasBookingRequest,
  SasBookingView,
  SasFunnelView,
  SasPracticeKeyView,
  SlotView,
} from '@passerelle/shared/contracts';
import { toApiError } from '@passerelle/web/core';
import { FieldErrorMessages, formatParisDayTime, FormFeedback } from '@passerelle/web/ui';
import { firstValueFrom, startWith } from 'rxjs';
import { RegulationApi } from '../regulation-api';
import { REGULATION_PATHS } from '../regulation-paths';
import { AttachmentUploads, formatSize } from './attachment-uploads';

const required = (what: string) => ({ required: what });
const NAME = /^[\p{L}][\p{L}' -]*$/u;

const MESSAGES: FieldErrorMessages = {
  consultationType: required('Choisissez le type de consultation.'),
  alreadyConsulted: required('Indiquez si le patient a déjà consulté ce praticien.'),
  motifId: required('Choisissez un motif de consultation.'),
  'patient.civility': required('Choisissez la civilité.'),
  'patient.firstName': { ...required('Prénom du patient requis.'), pattern: 'Lettres, espaces, tirets et apostrophes uniquement.' },
  'patient.lastName': { ...required('Nom du patient requis.'), pattern: 'Lettres, espaces, tirets et apostrophes uniquement.' },
  'patient.birthName': { ...required('Nom de naissance du patient requis.'), pattern: 'Lettres, espaces, tirets et apostrophes uniquement.' },
  'patient.birthDate': { ...required('Date de naissance du patient requise.'), birthDate: 'Date de naissance invalide : une date réelle et passée.' },
  'patient.phone': { ...required('Téléphone du patient requis.'), pattern: 'Numéro de téléphone invalide : 10 chiffres commençant par 0 (par exemple 06 45 37 26 53) ou +33.' },
  'patient.email': { email: 'Adresse e-mail du patient invalide.', required: 'Adresse e-mail demandée par ce praticien.' },
  'patient.birthPlace.communeInsee': { required: 'Code INSEE de la commune de naissance requis.', pattern: 'Code INSEE à 5 caractères (par exemple 69123).' },
  'patient.birthPlace.countryInsee': { required: 'Code INSEE du pays de naissance requis.', pattern: 'Code INSEE à 5 chiffres commençant par 99 (par exemple 99134).' },
  'patient.address': { required: 'Adresse demandée par ce praticien.', minlength: 'Adresse de 5 caractères au moins.' },
  'patient.socialSecurityNumber': { required: 'Numéro de sécurité sociale demandé par ce praticien.', nir: 'Numéro de sécurité sociale invalide (15 caractères, clé comprise).' },
  'patient.referringDoctor': { required: 'Médecin traitant demandé par ce praticien.' },
  message: { maxlength: `${SAS_MESSAGE_MAX_LENGTH} caractères au plus.` },
};

const birthDate = (c: AbstractControl): ValidationErrors | null => (!c.value || isPastBirthDate(c.value) ? null : { birthDate: true });
const nir = (c: AbstractControl): ValidationErrors | null => (!c.value || isValidNir(c.value) ? null : { nir: true });

export const EXTRA_FIELD_LABELS: Record<ExtraIdentityField, string> = {
  email: 'E-mail',
  address: 'Adresse postale',
  socialSecurityNumber: 'Numéro de sécurité sociale',
  referringDoctor: 'Médecin traitant',
  birthPlace: 'Lieu de naissance',
};

/**
 * The booking funnel (seed 004, step 3): consultation type, "already
 * consulted?", motif (Soins non programmés pre-selected), patient identity,
 * message, attachments with progress — then ONE booking request, retried
 * with the same Idempotency-Key, answered by a confirmation or, when the slot
 * was taken meanwhile, the next free slots.
 */
@Component({
  selector: 'app-sas-funnel-page',
  imports: [ReactiveFormsModule, RouterLink],
  templateUrl: './sas-funnel-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SasFunnelPage {
  private readonly api = inject(RegulationApi);
  private readonly route = inject(ActivatedRoute);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  private readonly fb = inject(FormBuilder).nonNullable;

  protected readonly paths = REGULATION_PATHS;
  protected readonly warning = SAS_MESSAGE_WARNING;
  protected readonly maxMessage = SAS_MESSAGE_MAX_LENGTH;
  protected readonly extraLabels = EXTRA_FIELD_LABELS;
  protected readonly textExtras = ['address', 'socialSecurityNumber', 'referringDoctor'] as const;
  protected readonly formatSize = formatSize;
  protected readonly uploads = new AttachmentUploads();

  protected readonly form = this.fb.group({
    consultationType: ['', Validators.required],
    alreadyConsulted: this.fb.control<boolean | null>(null, Validators.required),
    motifId: ['', Validators.required],
    patient: this.fb.group({
      civility: ['', Validators.required],
      firstName: ['', [Validators.required, Validators.pattern(NAME)]],
      lastName: ['', [Validators.required, Validators.pattern(NAME)]],
      birthName: ['', [Validators.required, Validators.pattern(NAME)]],
      birthDate: ['', [Validators.required, birthDate]],
      birthPlace: this.fb.group({
        bornInFrance: this.fb.control<boolean>(true),
        communeInsee: ['', Validators.pattern(/^(\d{5}|2[AB]\d{3})$/i)],
        countryInsee: ['', Validators.pattern(/^99\d{3}$/)],
      }),
      phone: ['', [Validators.required, Validators.pattern(FRENCH_PHONE_PATTERN)]],
      email: ['', Validators.email],
      address: ['', Validators.minLength(5)],
      socialSecurityNumber: ['', nir],
      referringDoctor: [''],
    }),
    message: ['', Validators.maxLength(SAS_MESSAGE_MAX_LENGTH)],
  });
  protected readonly feedback = new FormFeedback(this.form, MESSAGES);

  protected readonly practitionerId = signal('');
  protected readonly start = signal('');
  protected readonly funnel = signal<SasFunnelView | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly alternatives = signal<SlotView[]>([]);
  protected readonly booked = signal<SasBookingView | null>(null);
  /** The practice key attachments are encrypted to; null with `keyProblem` saying why no file can be attached. */
  protected readonly practiceKey = signal<SasPracticeKeyView | null>(null);
  protected readonly keyProblem = signal<string | null>(null);
  /** One key per booking attempt of this slot: a retry (network error, double click) replays instead of booking twice. */
  private idempotencyKey = crypto.randomUUID();

  private readonly alreadyConsulted = toSignal(this.form.controls.alreadyConsulted.valueChanges.pipe(startWith(this.form.controls.alreadyConsulted.value)));
  private readonly motifId = toSignal(this.form.controls.motifId.valueChanges.pipe(startWith('')));
  private readonly bornInFrance = toSignal(this.form.controls.patient.controls.birthPlace.controls.bornInFrance.valueChanges.pipe(startWith(true)));

  protected readonly motifs = computed<MotifView[]>(() => {
    const f = this.funnel();
    if (!f) return [];
    return this.alreadyConsulted() === true ? f.motifsForExistingPatients : f.motifsForNewPatients;
  });
  protected readonly types = computed<ConsultationType[]>(() => {
    const f = this.funnel();
    if (!f) return [];
    const motif = this.motifs().find((m) => m.id === this.motifId());
    return f.slot.consultationTypes.filter((t) => !motif || motif.consultationTypes.includes(t));
  });
  protected readonly extra = computed(() => new Set(this.funnel()?.extraIdentityFields ?? []));
  protected readonly requiredHint = computed(() => {
    const extra = [...this.extra()].map((f) => EXTRA_FIELD_LABELS[f].toLowerCase());
    return `Obligatoires : civilité, prénom, nom, nom de naissance, date de naissance, téléphone${extra.length ? ` ; demandés par ce praticien : ${extra.join(', ')}` : ''}.`;
  });
  protected readonly abroad = computed(() => this.bornInFrance() === false);
  protected readonly when = computed(() => (this.start() ? formatParisDayTime(this.start()) : ''));

  constructor() {
    this.route.paramMap.pipe(takeUntilDestroyed(inject(DestroyRef))).subscribe((params) => {
      this.practitionerId.set(params.get('practitionerId') ?? '');
      void this.load(this.route.snapshot.queryParamMap.get('debut') ?? '');
    });
    // The motif list depends on "déjà consulté ?": keep the suggestion when it is in the list.
    this.form.controls.alreadyConsulted.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => {
      const ids = this.motifs().map((m) => m.id);
      const suggested = this.funnel()?.suggestedMotifId ?? '';
      if (!ids.includes(this.form.controls.motifId.value)) this.form.controls.motifId.setValue(ids.includes(suggested) ? suggested : (ids[0] ?? ''));
    });
  }

  protected typeLabel(type: ConsultationType): string {
    return CONSULTATION_TYPE_LABELS[type];
  }

  protected slotLabel(slot: { start: string }): string {
    return formatParisDayTime(slot.start);
  }

  protected onFiles(event: Event): void {
    const input = event.target as HTMLInputElement;
    const key = this.practiceKey();
    if (input.files?.length && key) this.uploads.add(input.files, { practitionerId: key.practitionerId, publicKey: key.publicKey });
    input.value = '';
  }

  protected async chooseAlternative(slot: SlotView): Promise<void> {
    this.alternatives.set([]);
    this.feedback.alert.set(null);
    await this.load(slot.start, false);
    this.focus('h1');
  }

  protected async submit(): Promise<void> {
    this.applyExtraRequirements();
    if (this.uploads.busy()) {
      this.feedback.showAlert('Attendez la fin de l’envoi des pièces jointes.');
      return;
    }
    this.alternatives.set([]);
    if (!this.feedback.start()) return;
    const value = this.form.getRawValue();
    const p = value.patient;
    const request: SasBookingRequest = {
      practitionerId: this.practitionerId(),
      start: this.start(),
      consultationType: value.consultationType as ConsultationType,
      alreadyConsulted: value.alreadyConsulted === true,
      motifId: value.motifId,
      patient: {
        civility: p.civility as 'MME' | 'M',
        firstName: p.firstName,
        lastName: p.lastName,
        birthName: p.birthName,
        birthDate: p.birthDate,
        phone: p.phone,
        birthPlace: this.birthPlaceGiven() ? (p.birthPlace.bornInFrance ? { bornInFrance: true, communeInsee: p.birthPlace.communeInsee } : { bornInFrance: false, countryInsee: p.birthPlace.countryInsee }) : undefined,
        email: p.email || undefined,
        address: p.address || undefined,
        socialSecurityNumber: p.socialSecurityNumber || undefined,
        referringDoctor: p.referringDoctor || undefined,
      },
      message: value.message.trim() || undefined,
      attachmentIds: this.uploads.ids(),
    };
    try {
      const booking = await firstValueFrom(this.api.book(request, this.idempotencyKey));
      this.feedback.done();
      this.booked.set(booking);
      this.focus('#sas-booked-title');
    } catch (error) {
      const body = toApiError(error);
      if (body.code === API_ERROR_CODES.slotTaken) {
        this.alternatives.set((body.alternatives ?? []) as SlotView[]);
        this.idempotencyKey = crypto.randomUUID();
      }
      this.feedback.fail(body, '#sas-book-submit');
    }
  }

  private birthPlaceGiven(): boolean {
    const place = this.form.controls.patient.controls.birthPlace.getRawValue();
    return this.extra().has('birthPlace') || (place.bornInFrance ? !!place.communeInsee : !!place.countryInsee);
  }

  /** Fields the practitioner requires become required; the birth place needs the part that applies. */
  private applyExtraRequirements(): void {
    const patient = this.form.controls.patient.controls;
    const extra = this.extra();
    const toggle = (control: AbstractControl, on: boolean) => {
      if (on) control.addValidators(Validators.required);
      else control.removeValidators(Validators.required);
      control.updateValueAndValidity();
    };
    toggle(patient.email, extra.has('email'));
    toggle(patient.address, extra.has('address'));
    toggle(patient.socialSecurityNumber, extra.has('socialSecurityNumber'));
    toggle(patient.referringDoctor, extra.has('referringDoctor'));
    const place = patient.birthPlace.controls;
    const needPlace = extra.has('birthPlace');
    toggle(place.communeInsee, needPlace && !this.abroad());
    toggle(place.countryInsee, needPlace && this.abroad());
  }

  /** Once per practitioner: files chosen for another practitioner's practice are dropped (they were encrypted to its key). */
  private async loadPracticeKey(): Promise<void> {
    const practitionerId = this.practitionerId();
    if (this.practiceKey()?.practitionerId === practitionerId) return;
    this.uploads.clear();
    this.practiceKey.set(null);
    this.keyProblem.set(null);
    try {
      this.practiceKey.set(await firstValueFrom(this.api.practiceKey(practitionerId)));
    } catch (error) {
      const body = toApiError(error);
      this.keyProblem.set(body.code === API_ERROR_CODES.encryptionKeysMissing ? body.message : `Pièces jointes indisponibles : ${body.message}`);
    }
  }

  private async load(start: string, resetForm = true): Promise<void> {
    this.loadError.set(null);
    this.start.set(start);
    this.idempotencyKey = crypto.randomUUID();
    void this.loadPracticeKey();
    try {
      const funnel = await firstValueFrom(this.api.funnel(this.practitionerId(), start));
      this.funnel.set(funnel);
      if (resetForm) {
        this.form.controls.alreadyConsulted.setValue(false, { emitEvent: false });
        this.form.controls.motifId.setValue(funnel.suggestedMotifId ?? '');
      }
      const types = this.types();
      if (!types.includes(this.form.controls.consultationType.value as ConsultationType)) this.form.controls.consultationType.setValue(types.includes('CABINET') ? 'CABINET' : (types[0] ?? ''));
    } catch (error) {
      const body = toApiError(error);
      this.alternatives.set(body.code === API_ERROR_CODES.slotTaken ? ((body.alternatives ?? []) as SlotView[]) : []);
      this.loadError.set(body.code === API_ERROR_CODES.slotTaken ? 'Ce créneau n’est plus disponible pour la régulation.' : body.message);
      this.focus('[role="alert"]');
    }
  }

  private focus(selector: string): void {
    afterNextRender(
      () => {
        const target = this.host.nativeElement.querySelector<HTMLElement>(selector);
        if (target && !target.matches('input, select, textarea, button, a') && !target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
        target?.focus();
      },
      { injector: this.injector },
    );
  }
}
