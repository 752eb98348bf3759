import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  ElementRef,
  inject,
  Injector,
  input,
  OnInit,
  output,
  signal,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { AbstractControl, FormBuilder, ReactiveFormsModule, ValidationErrors, Validators } from '@angular/forms';
import {
  API_ERROR_CODES,
  AppointmentView,
  BookAppointmentRequest,
  ConsultationType,
  MotifView,
  PatientIdentityView,
  SlotView,
} from '@passerelle/shared/contracts';
import { toApiError } from '@passerelle/web/core';
import { apiErrorMessage, FieldErrorMessages, FormFeedback } from '@passerelle/web/ui';
import { firstValueFrom, merge } from 'rxjs';
import { AgendaApi } from '../agenda-api';
import { appointmentTimeLabel, asMobileNumber, slotLabel, typeLabel } from '../shared/agenda-labels';
import { mobileWhenVideo } from '../shared/form-validators';

const MESSAGES: FieldErrorMessages = {
  patientId: { required: 'Choisissez le patient.' },
  consultationType: { required: 'Choisissez le type de consultation.' },
  motifId: { required: 'Choisissez un motif.' },
  motifText: { required: 'Indiquez le motif (2 caractères au moins).' },
  patientMobile: {
    required: 'Numéro de mobile requis pour une consultation en vidéo.',
    mobile: 'Numéro de mobile invalide (06 ou 07, 10 chiffres).',
  },
};

/** "Saisie libre" in the motif select. */
const FREE_TEXT = '';

function patientLabel(patient: PatientIdentityView): string {
  const name = `${patient.usedName ?? patient.birthName} ${patient.usedFirstName ?? patient.firstNames}`;
  const [year, month, day] = patient.birthDate.split('-');
  return `${name} (né·e le ${day}/${month}/${year})`;
}

/** The practice books a free slot for one of its patients. */
@Component({
  selector: 'app-practice-booking-form',
  imports: [ReactiveFormsModule],
  templateUrl: './practice-booking-form.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PracticeBookingForm implements OnInit {
  private readonly api = inject(AgendaApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  readonly practitionerId = input.required<string>();
  readonly slot = input.required<SlotView>();
  readonly motifs = input.required<MotifView[]>();
  readonly motifEntryMode = input.required<'FREE' | 'LIST'>();

  readonly booked = output<AppointmentView>();
  readonly closed = output<void>();
  readonly slotChange = output<SlotView>();

  protected readonly form = inject(FormBuilder).nonNullable.group({
    patientId: ['', Validators.required],
    consultationType: ['' as ConsultationType | '', Validators.required],
    motifId: ['', (c: AbstractControl) => this.motifIdError(c)],
    motifText: ['', (c: AbstractControl) => this.motifTextError(c)],
    patientMobile: ['', mobileWhenVideo],
  });
  protected readonly feedback = new FormFeedback(this.form, MESSAGES);

  protected readonly patients = signal<{ id: string; label: string; mobile: string | null }[]>([]);
  protected readonly patientsError = signal<string | null>(null);
  protected readonly alternatives = signal<SlotView[]>([]);
  protected readonly typeLabel = typeLabel;
  protected readonly slotLabel = slotLabel;
  protected readonly timeLabel = computed(() => appointmentTimeLabel(this.slot()));

  private readonly type = toSignal(this.form.controls.consultationType.valueChanges, { initialValue: '' as ConsultationType | '' });
  private readonly motifChoice = toSignal(this.form.controls.motifId.valueChanges, { initialValue: '' });

  /** Motifs that fit at this slot and allow the chosen type. */
  protected readonly motifOptions = computed(() => {
    const slot = this.slot();
    const type = this.type();
    return this.motifs().filter((m) => slot.motifIds.includes(m.id) && (!type || m.consultationTypes.includes(type)));
  });
  protected readonly freeEntry = computed(() => this.motifEntryMode() === 'FREE');
  protected readonly showMotifText = computed(() => this.freeEntry() && (this.motifOptions().length === 0 || this.motifChoice() === FREE_TEXT));
  protected readonly needsMobile = computed(() => this.type() === 'VIDEO');

  constructor() {
    // Conditional validators depend on other fields: re-check them when those change.
    merge(this.form.controls.consultationType.valueChanges, this.form.controls.motifId.valueChanges)
      .pipe(takeUntilDestroyed())
      .subscribe(() => {
        this.form.controls.motifId.updateValueAndValidity({ emitEvent: false });
        this.form.controls.motifText.updateValueAndValidity({ emitEvent: false });
        this.form.controls.patientMobile.updateValueAndValidity({ emitEvent: false });
      });
    this.form.controls.patientId.valueChanges.pipe(takeUntilDestroyed()).subscribe((id) => {
      const mobile = this.patients().find((p) => p.id === id)?.mobile;
      if (mobile && !this.form.controls.patientMobile.value) {
        this.form.controls.patientMobile.setValue(mobile);
      }
    });
    // A new slot (an alternative was chosen): keep the answers that still fit.
    effect(() => {
      const slot = this.slot();
      untracked(() => {
        const type = this.form.controls.consultationType;
        if (!type.value || !slot.consultationTypes.includes(type.value as ConsultationType)) {
          type.setValue(slot.consultationTypes[0] ?? '');
        }
        const motif = this.form.controls.motifId;
        if (motif.value && !slot.motifIds.includes(motif.value)) {
          motif.setValue('');
        }
        this.alternatives.set([]);
      });
    });
    effect(() => {
      const options = this.motifOptions();
      untracked(() => {
        const motif = this.form.controls.motifId;
        if (motif.value && !options.some((m) => m.id === motif.value)) {
          motif.setValue('');
        }
      });
    });
  }

  ngOnInit(): void {
    void this.loadPatients();
  }

  protected async submit(): Promise<void> {
    if (!this.feedback.start()) {
      return;
    }
    const value = this.form.getRawValue();
    const request: BookAppointmentRequest = {
      start: this.slot().start,
      consultationType: value.consultationType as ConsultationType,
      patientId: value.patientId,
    };
    if (value.motifId && this.motifOptions().some((m) => m.id === value.motifId)) {
      request.motifId = value.motifId;
    } else {
      request.motifText = value.motifText.trim();
    }
    if (request.consultationType === 'VIDEO') {
      request.patientMobile = value.patientMobile.replace(/[\s.-]/g, '');
    }
    try {
      const appointment = await firstValueFrom(this.api.book(this.practitionerId(), request));
      this.feedback.done();
      this.booked.emit(appointment);
    } catch (error) {
      const body = toApiError(error);
      this.alternatives.set(body.code === API_ERROR_CODES.slotTaken ? ((body.alternatives ?? []) as SlotView[]) : []);
      this.feedback.fail(body);
    }
  }

  protected chooseAlternative(slot: SlotView): void {
    this.slotChange.emit(slot);
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('h2')?.focus(), { injector: this.injector });
  }

  private async loadPatients(): Promise<void> {
    try {
      const list = await firstValueFrom(this.api.practicePatients());
      const unique = new Map(list.map((p) => [p.patient.id, p.patient]));
      this.patients.set(
        [...unique.values()]
          .map((p) => ({ id: p.id, label: patientLabel(p), mobile: asMobileNumber(p.phone) }))
          .sort((a, b) => a.label.localeCompare(b.label, 'fr')),
      );
    } catch (error) {
      this.patientsError.set(apiErrorMessage(toApiError(error)));
    }
  }

  private motifIdError(control: AbstractControl): ValidationErrors | null {
    return !this.freeEntryNow() && !control.value ? { required: true } : null;
  }

  private motifTextError(control: AbstractControl): ValidationErrors | null {
    const motifId = control.parent?.get('motifId')?.value;
    const needsText = this.freeEntryNow() && !motifId;
    return needsText && String(control.value).trim().length < 2 ? { required: true } : null;
  }


  /** Validators run before the inputs are set: default to the stricter list mode. */
  private freeEntryNow(): boolean {
    try {
      return this.motifEntryMode() === 'FREE';
    } catch {
      return false;
    }
  }
}
