import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
 
  ElementRef,
  inject,
  Injector,
  signal,
 
} from '@angular/core';
import { AbstractControl, FormArray, FormBuilder, FormControl, FormGroup, ReactiveFormsModule, ValidationErrors, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import {
  AgendaSettingsView,
  AppointmentView,
  CONSULTATION_TYPE_LABELS,
  CONSULTATION_TYPES,
  ConsultationType,
  MotifRequest,
  MotifView,
  OpeningRangeDto,
  PlaceView,
  SNP_MOTIF_LABEL,
} from '@passerelle/shared/contracts';
import { toApiError, WEB_ROUTES } from '@passerelle/web/core';
import {
  apiErrorMessage,
  FieldErrorMessages,
  FormFeedback,
  minutesToTime,
  parisDayKey,
  timeToMinutes,
} from '@passerelle/web/ui';
import { firstValueFrom } from 'rxjs';
import { AgendaApi } from '../agenda-api';
import { PracticeContext } from '../practice/practice-context';
import { PractitionerPicker } from '../practice/practitioner-picker';
import { appointmentTimeLabel, WEEKDAY_LABELS } from '../shared/agenda-labels';
import { atLeastOneChecked, endAfterStart, timeOfDay } from '../shared/form-validators';

/** The API takes 100 ranges at most. */
const MAX_RANGES = 100;

const RANGE_MESSAGES: FieldErrorMessages = Object.fromEntries(
  Array.from({ length: MAX_RANGES }, (_, i) => [
    [`ranges.${i}`, { order: 'L’heure de fin doit suivre l’heure de début.', overlap: 'Cette plage chevauche une autre plage du même jour.' }],
    [`ranges.${i}.startMinute`, { required: 'Indiquez l’heure de début.', time: 'Heure de début invalide (hh:mm).' }],
    [`ranges.${i}.endMinute`, { required: 'Indiquez l’heure de fin.', time: 'Heure de fin invalide (hh:mm).' }],
    [`ranges.${i}.consultationTypes`, { required: 'Choisissez au moins un type de consultation.' }],
  ]).flat(),
);

type RangeForm = FormGroup<{
  weekday: FormControl<number>;
  placeId: FormControl<string>;
  startMinute: FormControl<string>;
  endMinute: FormControl<string>;
  consultationTypes: FormGroup<Record<ConsultationType, FormControl<boolean>>>;
  snp: FormControl<boolean>;
}>;

interface WeeklyRange {
  weekday: number;
  startMinute: number;
  endMinute: number;
}

const overlaps = (a: WeeklyRange, b: WeeklyRange) => a.weekday === b.weekday && a.startMinute < b.endMinute && b.startMinute < a.endMinute;

/** On a range: it must not overlap an earlier range of the same day in the list. */
const noOverlapWithEarlier = (group: AbstractControl): ValidationErrors | null => {
  const list = group.parent;
  if (!(list instanceof FormArray)) {
    return null;
  }
  const read = (g: AbstractControl): WeeklyRange | null => {
    const startMinute = timeToMinutes(String(g.get('startMinute')?.value ?? ''));
    const endMinute = timeToMinutes(String(g.get('endMinute')?.value ?? ''));
    return startMinute === null || endMinute === null ? null : { weekday: Number(g.get('weekday')?.value), startMinute, endMinute };
  };
  const mine = read(group);
  const index = list.controls.indexOf(group);
  return mine && list.controls.slice(0, index).some((other) => {
    const range = read(other);
    return !!range && overlaps(range, mine);
  })
    ? { overlap: true }
    : null;
};
const sameRanges = (a: WeeklyRange[], b: WeeklyRange[]) =>
  a.length === b.length && a.every((r) => b.some((o) => o.weekday === r.weekday && o.startMinute === r.startMinute && o.endMinute === r.endMinute));

/**
 * Weekly opening hours: several ranges per day with the consultation types
 * offered, and the ranges where the "Soins non programmés" motif applies.
 * Saving never moves a booked appointment: those now outside the hours are
 * listed for the practice to resolve.
 */
@Component({
  selector: 'app-opening-hours-page',
  imports: [ReactiveFormsModule, RouterLink, PractitionerPicker],
  templateUrl: './opening-hours-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OpeningHoursPage {
  private readonly api = inject(AgendaApi);
  private readonly fb = inject(FormBuilder).nonNullable;
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  protected readonly context = inject(PracticeContext);

  protected readonly weekdays = [1, 2, 3, 4, 5, 6, 7];
  protected readonly weekdayLabels = WEEKDAY_LABELS;
  protected readonly types = CONSULTATION_TYPES;
  protected readonly typeLabels = CONSULTATION_TYPE_LABELS;

  protected readonly form = this.fb.group({ ranges: this.fb.array<RangeForm>([]) });
  protected readonly feedback = new FormFeedback(this.form, RANGE_MESSAGES);

  protected readonly settings = signal<AgendaSettingsView | null>(null);
  private readonly snpMotif = signal<MotifView | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly saved = signal<string | null>(null);
  protected readonly conflicts = signal<AppointmentView[] | null>(null);
  /** Bumped when ranges are added or removed, for the per-day index lists. */
  private readonly version = signal(0);

  protected readonly places = computed<PlaceView[]>(() => this.settings()?.places ?? []);
  protected readonly dayIndexes = computed(() => {
    this.version();
    const byDay = new Map<number, number[]>(this.weekdays.map((d) => [d, []]));
    this.rangesArray.controls.forEach((group, index) => byDay.get(group.controls.weekday.value)?.push(index));
    return byDay;
  });

  constructor() {
    this.context.followPractitioner((practitionerId) => this.load(practitionerId));
  }

  protected get rangesArray(): FormArray<RangeForm> {
    return this.form.controls.ranges;
  }

  protected addRange(weekday: number): void {
    const sameDay = this.rangesArray.controls.filter((g) => g.controls.weekday.value === weekday);
    const last = sameDay[sameDay.length - 1];
    const lastEnd = last ? timeToMinutes(last.controls.endMinute.value) : null;
    // A sensible default: the morning, or the afternoon after an existing range.
    const start = lastEnd !== null && lastEnd < 18 * 60 ? Math.max(lastEnd + 60, 14 * 60) : 9 * 60;
    const end = Math.min(start + 4 * 60, 23 * 60);
    this.rangesArray.push(
      this.rangeForm({ weekday, startMinute: start, endMinute: end, placeId: this.places()[0]?.id ?? '', consultationTypes: ['CABINET'] }, false),
    );
    this.version.update((v) => v + 1);
    const index = this.rangesArray.length - 1;
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>(`#range-${index}-start`)?.focus(), { injector: this.injector });
  }

  protected removeRange(index: number): void {
    const weekday = this.rangesArray.at(index).controls.weekday.value;
    this.rangesArray.removeAt(index);
    this.version.update((v) => v + 1);
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>(`#add-range-${weekday}`)?.focus(), { injector: this.injector });
  }

  protected rangeNumber(weekday: number, index: number): number {
    return (this.dayIndexes().get(weekday) ?? []).indexOf(index) + 1;
  }

  protected conflictDay(appointment: AppointmentView): Record<string, string> {
    return { jour: parisDayKey(appointment.start), vue: 'jour' };
  }

  protected readonly conflictTime = appointmentTimeLabel;
  protected readonly agendaUrl = WEB_ROUTES.practice;

  protected async save(): Promise<void> {
    const practitionerId = this.context.practitionerId();
    this.saved.set(null);
    // A range's overlap check looks at the others: run it now that all are filled in.
    this.rangesArray.controls.forEach((group) => group.updateValueAndValidity());
    if (!practitionerId || !this.feedback.start()) {
      return;
    }
    const ranges: OpeningRangeDto[] = this.rangesArray.controls.map((g) => ({
      weekday: g.controls.weekday.value,
      placeId: g.controls.placeId.value,
      startMinute: timeToMinutes(g.controls.startMinute.value) ?? 0,
      endMinute: timeToMinutes(g.controls.endMinute.value) ?? 0,
      consultationTypes: this.types.filter((t) => g.controls.consultationTypes.controls[t].value),
    }));
    const snpRanges = this.rangesArray.controls
      .map((g, i) => ({ checked: g.controls.snp.value, range: ranges[i] }))
      .filter((r) => r.checked)
      .map((r) => r.range);

    let conflicts: AppointmentView[];
    let settings: AgendaSettingsView;
    try {
      ({ settings, conflicts } = await firstValueFrom(this.api.replaceHours(practitionerId, ranges)));
    } catch (error) {
      this.feedback.fail(toApiError(error));
      return;
    }
    try {
      await this.saveSnp(practitionerId, settings, snpRanges);
    } catch (error) {
      this.feedback.showAlert(`Horaires enregistrés, mais les plages de soins non programmés n’ont pas pu l’être : ${apiErrorMessage(toApiError(error))}`);
      this.conflicts.set(conflicts);
      return;
    }
    this.feedback.done();
    this.settings.set(settings);
    this.resetForm(settings, this.snpMotif());
    this.conflicts.set(conflicts);
    this.saved.set(
      conflicts.length > 0
        ? `Horaires enregistrés. ${conflicts.length} rendez-vous ${conflicts.length > 1 ? 'sont' : 'est'} en dehors des nouveaux horaires.`
        : 'Horaires enregistrés.',
    );
    afterNextRender(
      () => this.host.nativeElement.querySelector<HTMLElement>(conflicts.length > 0 ? '#conflicts-title' : '#hours-saved')?.focus(),
      { injector: this.injector },
    );
  }

  /** The "Soins non programmés" motif follows the ticked ranges (created, updated, or removed when none is ticked). */
  private async saveSnp(practitionerId: string, settings: AgendaSettingsView, ranges: OpeningRangeDto[]): Promise<void> {
    const current = this.snpMotif();
    const weekly = ranges.map(({ weekday, startMinute, endMinute }) => ({ weekday, startMinute, endMinute }));
    if (ranges.length === 0) {
      if (current) {
        await firstValueFrom(this.api.removeMotif(practitionerId, current.id));
        this.snpMotif.set(null);
      }
      return;
    }
    const types = this.types.filter((t) => ranges.some((r) => r.consultationTypes.includes(t)));
    if (current && sameRanges(current.ranges, weekly) && types.every((t) => current.consultationTypes.includes(t))) {
      return;
    }
    const request: MotifRequest = {
      label: current?.label ?? SNP_MOTIF_LABEL,
      durationMinutes: current?.durationMinutes ?? settings.slotMinutes,
      consultationTypes: types,
      openToNewPatients: current?.openToNewPatients ?? true,
      // Soins non programmés are booked by the SAS regulation, not online.
      bookableOnline: current?.bookableOnline ?? false,
      isSnp: true,
      ranges: weekly,
    };
    this.snpMotif.set(
      await firstValueFrom(current ? this.api.updateMotif(practitionerId, current.id, request) : this.api.addMotif(practitionerId, request)),
    );
  }

  private async load(practitionerId: string): Promise<void> {
    this.loadError.set(null);
    this.conflicts.set(null);
    this.saved.set(null);
    this.settings.set(null);
    try {
      const [settings, motifs] = await Promise.all([
        firstValueFrom(this.api.settings(practitionerId)),
        firstValueFrom(this.api.motifs(practitionerId)),
      ]);
      if (this.context.practitionerId() !== practitionerId) {
        return;
      }
      const snp = motifs.find((m) => m.isSnp) ?? null;
      this.snpMotif.set(snp);
      this.settings.set(settings);
      this.resetForm(settings, snp);
    } catch (error) {
      this.loadError.set(apiErrorMessage(toApiError(error)));
    }
  }

  private resetForm(settings: AgendaSettingsView, snp: MotifView | null): void {
    this.rangesArray.clear();
    [...settings.ranges]
      .sort((a, b) => a.weekday - b.weekday || a.startMinute - b.startMinute)
      .forEach((r) => {
        const inSnp = !!snp && (snp.ranges.length === 0 || snp.ranges.some((s) => overlaps(s, r)));
        this.rangesArray.push(this.rangeForm(r, inSnp));
      });
    this.version.update((v) => v + 1);
  }

  private rangeForm(
    range: { weekday: number; startMinute: number; endMinute: number; placeId: string; consultationTypes: ConsultationType[] },
    snp: boolean,
  ): RangeForm {
    return this.fb.group(
      {
        weekday: [range.weekday],
        placeId: [range.placeId],
        startMinute: [minutesToTime(range.startMinute), [Validators.required, timeOfDay]],
        endMinute: [minutesToTime(range.endMinute), [Validators.required, timeOfDay]],
        consultationTypes: this.fb.group(
          {
            CABINET: [range.consultationTypes.includes('CABINET')],
            VIDEO: [range.consultationTypes.includes('VIDEO')],
            HOME: [range.consultationTypes.includes('HOME')],
          },
          { validators: atLeastOneChecked },
        ),
        snp: [snp],
      },
      { validators: [endAfterStart('startMinute', 'endMinute'), noOverlapWithEarlier] },
    );
  }
}
