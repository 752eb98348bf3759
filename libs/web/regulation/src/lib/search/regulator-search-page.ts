import { afterNextRender, ChangeDetectionStrategy, Component, computed, DestroyRef, ElementRef, inject, Injector, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { CONSULTATION_TYPE_LABELS, SAS_DEFAULT_WINDOW_HOURS, SasPractitionerCard } from '@passerelle/shared/contracts';
import { toApiError } from '@passerelle/web/core';
import { SEARCH_SPECIALTIES, specialtyLabel } from '@passerelle/web/directory';
import { FieldErrorMessages, FormFeedback } from '@passerelle/web/ui';
import { firstValueFrom } from 'rxjs';
import { SasPractitionerCardView } from '../card/sas-practitioner-card';
import { RegulationApi, RegulatorSearchCriteria } from '../regulation-api';
import { REGULATION_PATHS } from '../regulation-paths';

const MESSAGES: FieldErrorMessages = {
  specialty: { required: 'Choisissez une spécialité.' },
  place: { required: 'Indiquez une commune, un code postal ou un département.', maxlength: '100 caractères au plus.' },
};

export const WINDOW_OPTIONS = [
  { hours: 24, label: '24 heures' },
  { hours: 48, label: '48 heures' },
  { hours: 72, label: '72 heures' },
  { hours: 168, label: '7 jours' },
] as const;

/**
 * The regulator's slot search (issue 4 §2): practitioners of a specialty
 * around a place with the slots the SAS may book in the next 48 h (72 h or
 * a week on demand), SAS participants with slots first.
 */
@Component({
  selector: 'app-regulator-search-page',
  imports: [ReactiveFormsModule, RouterLink, SasPractitionerCardView],
  templateUrl: './regulator-search-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RegulatorSearchPage {
  private readonly api = inject(RegulationApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  protected readonly specialties = SEARCH_SPECIALTIES;
  protected readonly windows = WINDOW_OPTIONS;
  protected readonly typeLabels = CONSULTATION_TYPE_LABELS;
  protected readonly paths = REGULATION_PATHS;
  protected readonly form = inject(FormBuilder).nonNullable.group({
    specialty: ['SM54', Validators.required],
    place: ['', [Validators.required, Validators.maxLength(100)]],
    hours: [SAS_DEFAULT_WINDOW_HOURS],
    consultationType: [''],
  });
  protected readonly feedback = new FormFeedback(this.form, MESSAGES);

  protected readonly cards = signal<SasPractitionerCard[] | null>(null);
  protected readonly searched = signal<RegulatorSearchCriteria | null>(null);
  protected readonly hasMore = signal(false);
  protected readonly loadingMore = signal(false);
  protected readonly moreError = signal<string | null>(null);

  protected readonly summary = computed(() => {
    const state = this.searched();
    const cards = this.cards();
    if (!state || !cards) return '';
    const withSlots = cards.filter((c) => c.slots.length > 0).length;
    const what = `${specialtyLabel(state.specialty) ?? state.specialty} — ${state.place}, ${WINDOW_OPTIONS.find((w) => w.hours === state.hours)?.label ?? `${state.hours} heures`}`;
    return cards.length === 0 ? `Aucun praticien trouvé (${what}).` : `${cards.length} praticien${cards.length > 1 ? 's' : ''} affiché${cards.length > 1 ? 's' : ''}, dont ${withSlots} avec des créneaux (${what}).`;
  });

  constructor() {
    this.route.queryParamMap.pipe(takeUntilDestroyed(inject(DestroyRef))).subscribe((params) => {
      const specialty = params.get('specialite') ?? 'SM54';
      const place = params.get('lieu') ?? '';
      const hours = Number(params.get('periode') ?? SAS_DEFAULT_WINDOW_HOURS) || SAS_DEFAULT_WINDOW_HOURS;
      const consultationType = params.get('type') ?? '';
      this.form.setValue({ specialty, place, hours, consultationType });
      if (place) void this.runFirstPage({ specialty, place, hours, consultationType: consultationType || undefined, page: 1 });
    });
  }

  protected async submit(): Promise<void> {
    if (!this.feedback.start()) return;
    const { specialty, place, hours, consultationType } = this.form.getRawValue();
    await this.router.navigate([], { relativeTo: this.route, queryParams: { specialite: specialty, lieu: place.trim(), periode: hours, type: consultationType || null } });
    // Same criteria as the URL already holds: the router does not emit, search again.
    const state = this.searched();
    if (state && state.specialty === specialty && state.place === place.trim() && state.hours === Number(hours) && (state.consultationType ?? '') === consultationType) {
      await this.runFirstPage({ ...state, page: 1, seed: undefined });
    }
  }

  protected async more(): Promise<void> {
    const state = this.searched();
    if (!state) return;
    const next = { ...state, page: state.page + 1 };
    const firstNew = this.cards()?.length ?? 0;
    this.loadingMore.set(true);
    this.moreError.set(null);
    try {
      const result = await firstValueFrom(this.api.search(next));
      this.cards.update((list) => [...(list ?? []), ...result.cards]);
      this.hasMore.set(result.hasMore);
      this.searched.set(next);
      afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>(`[data-index="${firstNew}"]`)?.focus(), { injector: this.injector });
    } catch (error) {
      this.moreError.set(toApiError(error).message);
    } finally {
      this.loadingMore.set(false);
    }
  }

  protected indexOf(card: SasPractitionerCard): number {
    return this.cards()?.indexOf(card) ?? -1;
  }

  private async runFirstPage(criteria: RegulatorSearchCriteria): Promise<void> {
    this.feedback.pending.set(true);
    this.feedback.alert.set(null);
    this.cards.set(null);
    this.hasMore.set(false);
    try {
      const result = await firstValueFrom(this.api.search(criteria));
      this.feedback.done();
      this.cards.set(result.cards);
      this.hasMore.set(result.hasMore);
      this.searched.set({ ...criteria, seed: result.seed });
    } catch (error) {
      this.searched.set(null);
      this.feedback.fail(toApiError(error), '#regulation-search-submit');
    }
  }
}
