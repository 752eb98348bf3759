import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  ElementRef,
  inject,
  Injector,
  signal,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { AbstractControl, FormBuilder, ReactiveFormsModule, ValidationErrors } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import {
  API_ERROR_CODES,
  AppointmentView,
  BookAppointmentRequest,
  BookingPageView,
  CONSULTATION_TYPES,
  ConsultationType,
  SlotView,
} from '@passerelle/shared/contracts';
import { SessionStore, toApiError, WEB_ROUTES } from '@passerelle/web/core';
import {
  addDays,
  apiErrorMessage,
  DayKey,
  FieldErrorMessages,
  formatDay,
  formatDayWithYear,
  formatParisTime,
  FormFeedback,
  isDayKey,
  parisDayKey,
  parisInstant,
  todayInParis, FieldControl, FormField } from '@passerelle/web/ui';
import { firstValueFrom } from 'rxjs';
import { AgendaApi } from '../agenda-api';
import { appointmentTimeLabel, slotLabel, typeLabel } from '../shared/agenda-labels';
import { mobileWhenVideo } from '../shared/form-validators';
import { groupSlotsByDay, offeredTypes, slotsFor } from './booking-slots';

const DAYS_SHOWN = 7;
const FREE_TEXT = 'libre';

const MESSAGES: FieldErrorMessages = {
  consultationType: { required: 'Choisissez le type de consultation.' },
  motifId: { required: 'Choisissez le motif de votre consultation.' },
  motifText: { required: 'Indiquez le motif de votre consultation (2 caractères au moins).' },
  patientMobile: {
    required: 'Indiquez votre numéro de mobile : le praticien vous appellera en vidéo.',
    mobile: 'Numéro de mobile invalide (06 ou 07, 10 chiffres).',
  },
};

/**
 * A practitioner's public booking page: consultation type, motif, a free
 * slot of the week, then confirmation (after signing in if needed). The
 * choices live in the URL so the page comes back as it was after the login.
 */
@Component({
  selector: 'app-booking-page',
  imports: [FormField, FieldControl, ReactiveFormsModule, RouterLink],
  templateUrl: './booking-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BookingPage {
  private readonly api = inject(AgendaApi);
  private readonly session = inject(SessionStore);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  protected readonly routes = WEB_ROUTES;
  protected readonly typeLabel = typeLabel;
  protected readonly slotLabel = slotLabel;
  protected readonly time = formatParisTime;

  private readonly params = toSignal(this.route.paramMap, { requireSync: true });
  private readonly query = toSignal(this.route.queryParamMap, { requireSync: true });
  protected readonly practitionerId = computed(() => this.params().get('practitionerId') ?? '');
  protected readonly today = todayInParis();
  /** First day shown. */
  protected readonly firstDay = computed<DayKey>(() => {
    const value = this.query().get('du');
    return isDayKey(value) && value > this.today ? value : this.today;
  });
  protected readonly weekLabel = computed(
    () => `Du ${formatDay(this.firstDay())} au ${formatDayWithYear(addDays(this.firstDay(), DAYS_SHOWN - 1))}`,
  );

  protected readonly page = signal<BookingPageView | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly loading = signal(false);
  protected readonly booked = signal<AppointmentView | null>(null);
  protected readonly alternatives = signal<SlotView[]>([]);
  protected readonly selectedStart = computed(() => this.query().get('debut'));

  protected readonly signedIn = this.session.isAuthenticated;
  protected readonly isPatient = computed(() => this.session.role() === 'PATIENT');

  protected readonly form = inject(FormBuilder).nonNullable.group({
    consultationType: ['' as ConsultationType | '', (c: AbstractControl) => (c.value ? null : { required: true })],
    motifId: ['', (c: AbstractControl) => this.motifIdError(c)],
    motifText: ['', (c: AbstractControl) => this.motifTextError(c)],
    patientMobile: ['', mobileWhenVideo],
  });
  protected readonly feedback = new FormFeedback(this.form, MESSAGES);
  private readonly type = toSignal(this.form.controls.consultationType.valueChanges, { initialValue: '' as ConsultationType | '' });
  private readonly motifChoice = toSignal(this.form.controls.motifId.valueChanges, { initialValue: '' });

  protected readonly freeEntry = computed(() => this.page()?.motifEntryMode === 'FREE');
  protected readonly types = computed(() => {
    const page = this.page();
    return page ? offeredTypes(page.motifs, page.slots, page.motifEntryMode === 'FREE') : [];
  });
  protected readonly motifOptions = computed(() => {
    const type = this.type();
    return (this.page()?.motifs ?? []).filter((m) => !type || m.consultationTypes.includes(type));
  });
  protected readonly showMotifText = computed(() => this.freeEntry() && (this.motifOptions().length === 0 || this.motifChoice() === FREE_TEXT));
  protected readonly chosenMotifId = computed(() => {
    const choice = this.motifChoice();
    return choice && choice !== FREE_TEXT ? choice : null;
  });
  protected readonly ready = computed(() => !!this.type() && (!!this.chosenMotifId() || this.showMotifText()));
  protected readonly days = computed(() => {
    const page = this.page();
    if (!page || !this.ready()) {
      return [];
    }
    const type = (this.type() || null) as ConsultationType | null;
    return groupSlotsByDay(slotsFor(page.slots, type, this.chosenMotifId()), this.firstDay(), DAYS_SHOWN);
  });
  protected readonly anySlot = computed(() => this.days().some((d) => d.slots.length > 0));
  protected readonly selectedSlot = computed(() => this.page()?.slots.find((s) => s.start === this.selectedStart()) ?? null);
  protected readonly needsMobile = computed(() => this.type() === 'VIDEO');

  constructor() {
    const query = this.route.snapshot.queryParamMap;
    const type = query.get('type');
    if (type && (CONSULTATION_TYPES as readonly string[]).includes(type)) {
      this.form.controls.consultationType.setValue(type as ConsultationType);
    }
    const motif = query.get('motif');
    if (motif) {
      this.form.controls.motifId.setValue(motif);
    }

    // Choices go to the URL (not the free-text motif: health data stays out of addresses).
    this.form.controls.consultationType.valueChanges.pipe(takeUntilDestroyed()).subscribe((value) => {
      this.revalidate();
      void this.updateQuery({ type: value || null, debut: null });
    });
    this.form.controls.motifId.valueChanges.pipe(takeUntilDestroyed()).subscribe((value) => {
      this.revalidate();
      void this.updateQuery({ motif: value || null, debut: null });
    });

    effect(() => {
      const practitionerId = this.practitionerId();
      const first = this.firstDay();
      this.session.account();
      untracked(() => void this.load(practitionerId, first));
    });
    // Keep the form's choices consistent with what this viewer may book.
    effect(() => {
      const types = this.types();
      const options = this.motifOptions();
      const page = this.page();
      untracked(() => {
        if (!page) {
          return;
        }
        const type = this.form.controls.consultationType;
        if (type.value && !types.includes(type.value as ConsultationType)) {
          type.setValue('');
        } else if (!type.value && types.length === 1) {
          type.setValue(types[0]);
        }
        const motif = this.form.controls.motifId;
        if (motif.value && motif.value !== FREE_TEXT && !options.some((m) => m.id === motif.value)) {
          motif.setValue('');
        }
      });
    });
  }

  protected chooseSlot(slot: SlotView): void {
    this.alternatives.set([]);
    this.feedback.done();
    void this.updateQuery({ debut: slot.start }).then(() =>
      afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('#booking-summary-title')?.focus(), { injector: this.injector }),
    );
  }

  protected step(direction: -1 | 1): void {
    const next = addDays(this.firstDay(), direction * DAYS_SHOWN);
    void this.updateQuery({ du: next <= this.today ? null : next, debut: null }, false);
  }

  protected slotName(slot: SlotView): string {
    return slotLabel(slot);
  }

  /** After the login or the registration, back here with the same choices. */
  protected rememberReturn(): void {
    this.session.rememberReturnUrl(this.router.url);
  }

  protected goToLogin(): void {
    this.rememberReturn();
    void this.router.navigateByUrl(WEB_ROUTES.login);
  }

  protected async confirm(): Promise<void> {
    const slot = this.selectedSlot();
    if (!slot || !this.feedback.start()) {
      return;
    }
    const value = this.form.getRawValue();
    const request: BookAppointmentRequest = { start: slot.start, consultationType: value.consultationType as ConsultationType };
    const motifId = this.chosenMotifId();
    if (motifId) {
      request.motifId = motifId;
    } else {
      request.motifText = value.motifText.trim();
    }
    if (request.consultationType === 'VIDEO') {
      request.patientMobile = value.patientMobile.replace(/[\s.-]/g, '');
    }
    try {
      const appointment = await firstValueFrom(this.api.book(this.practitionerId(), request));
      this.feedback.done();
      this.booked.set(appointment);
      afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('#booking-done-title')?.focus(), { injector: this.injector });
    } catch (error) {
      const body = toApiError(error);
      if (body.code === API_ERROR_CODES.slotTaken) {
        const type = (value.consultationType || null) as ConsultationType | null;
        const offered = (body.alternatives ?? []) as SlotView[];
        const fitting = slotsFor(offered, type, motifId);
        this.alternatives.set(fitting.length > 0 ? fitting : offered);
        // The slot is gone: show the week again without it.
        void this.load(this.practitionerId(), this.firstDay(), false);
      } else {
        this.alternatives.set([]);
      }
      this.feedback.fail(body, '#booking-confirm');
    }
  }

  protected chooseAlternative(slot: SlotView): void {
    const day = parisDayKey(slot.start);
    const first = this.firstDay();
    const inWeek = day >= first && day < addDays(first, DAYS_SHOWN);
    this.alternatives.set([]);
    this.feedback.done();
    void this.updateQuery({ debut: slot.start, du: inWeek ? (first === this.today ? null : first) : day }).then(() =>
      afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('#booking-summary-title')?.focus(), { injector: this.injector }),
    );
  }

  protected summaryTime(slot: { start: string; end: string }): string {
    return appointmentTimeLabel(slot);
  }

  private revalidate(): void {
    this.form.controls.motifId.updateValueAndValidity({ emitEvent: false });
    this.form.controls.motifText.updateValueAndValidity({ emitEvent: false });
    this.form.controls.patientMobile.updateValueAndValidity({ emitEvent: false });
  }

  private async updateQuery(changes: Record<string, string | null>, replaceUrl = true): Promise<void> {
    await this.router.navigate([], { relativeTo: this.route, queryParams: changes, queryParamsHandling: 'merge', replaceUrl });
  }

  private async load(practitionerId: string, first: DayKey, resetError = true): Promise<void> {
    this.loading.set(true);
    if (resetError) {
      this.loadError.set(null);
    }
    try {
      const page = await firstValueFrom(
        this.api.bookingPage(practitionerId, { from: parisInstant(first, 0), to: parisInstant(addDays(first, DAYS_SHOWN), 0) }),
      );
      if (this.practitionerId() === practitionerId && this.firstDay() === first) {
        this.page.set(page);
      }
    } catch (error) {
      this.loadError.set(apiErrorMessage(toApiError(error)));
    } finally {
      this.loading.set(false);
    }
  }

  /** A motif must be chosen, unless the practitioner takes free text and offers no motif for this type. */
  private motifIdError(control: AbstractControl): ValidationErrors | null {
    const textOnly = this.freeEntryOrNull() && (this.motifOptions?.() ?? []).length === 0;
    return !control.value && !textOnly ? { required: true } : null;
  }

  private motifTextError(control: AbstractControl): ValidationErrors | null {
    const motif = control.parent?.get('motifId')?.value;
    const needsText = this.freeEntryOrNull() && ((this.motifOptions?.() ?? []).length === 0 || motif === FREE_TEXT);
    return needsText && String(control.value).trim().length < 2 ? { required: true } : null;
  }


  /** Validators first run before `page` exists (field initializers). */
  private freeEntryOrNull(): boolean {
    return this.page?.()?.motifEntryMode === 'FREE';
  }
}
