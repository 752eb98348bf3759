import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  ElementRef,
  inject,
  Injector,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { DirectoryResultView } from '@passerelle/shared/contracts';
import { toApiError, WEB_ROUTES } from '@passerelle/web/core';
import { FieldErrorMessages, formatParisDayTime, FormFeedback, FieldControl, FormField } from '@passerelle/web/ui';
import { firstValueFrom } from 'rxjs';
import { DirectoryApi } from './directory-api';
import { SEARCH_SPECIALTIES, specialtyLabel } from './specialties';

const MESSAGES: FieldErrorMessages = {
  specialty: { required: 'Choisissez une spécialité.' },
  place: {
    required: 'Indiquez une commune, un code postal ou un département.',
    maxlength: '100 caractères au plus.',
  },
};

interface SearchState {
  specialty: string;
  place: string;
  page: number;
  seed?: number;
}

const TIER_LABELS: Record<DirectoryResultView['tier'], string | null> = {
  AREA: null,
  NEIGHBOURS: 'Département voisin',
  FRANCE: 'Ailleurs en France',
};

/**
 * Public directory search (seed 000): practitioners using Passerelle first,
 * by earliest availability, then the national directory's practitioners who
 * do not take appointments here.
 */
@Component({
  selector: 'app-directory-search-page',
  imports: [FormField, FieldControl, ReactiveFormsModule, RouterLink],
  templateUrl: './directory-search-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DirectorySearchPage {
  private readonly api = inject(DirectoryApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  protected readonly specialties = SEARCH_SPECIALTIES;
  protected readonly form = inject(FormBuilder).nonNullable.group({
    specialty: ['', Validators.required],
    place: ['', [Validators.required, Validators.maxLength(100)]],
  });
  protected readonly feedback = new FormFeedback(this.form, MESSAGES);

  protected readonly results = signal<DirectoryResultView[] | null>(null);
  protected readonly searched = signal<SearchState | null>(null);
  protected readonly hasMore = signal(false);
  protected readonly loadingMore = signal(false);
  protected readonly moreError = signal<string | null>(null);

  protected readonly onPasserelle = computed(() => (this.results() ?? []).filter((r) => r.kind === 'PASSERELLE'));
  protected readonly elsewhere = computed(() => (this.results() ?? []).filter((r) => r.kind === 'NATIONAL_DIRECTORY'));
  protected readonly summary = computed(() => {
    const state = this.searched();
    const count = this.results()?.length ?? 0;
    if (!state) {
      return '';
    }
    const what = `${specialtyLabel(state.specialty) ?? state.specialty} — ${state.place}`;
    return count === 0 ? `Aucun praticien trouvé (${what}).` : `${count} praticien${count > 1 ? 's' : ''} affiché${count > 1 ? 's' : ''} (${what}).`;
  });

  constructor() {
    // The criteria live in the URL: a search can be shared, and "back" returns to it.
    this.route.queryParamMap.pipe(takeUntilDestroyed(inject(DestroyRef))).subscribe((params) => {
      const specialty = params.get('specialite') ?? '';
      const place = params.get('lieu') ?? '';
      this.form.setValue({ specialty, place });
      const last = this.searched();
      if (specialty && place && (last?.specialty !== specialty || last?.place !== place)) {
        void this.runFirstPage(specialty, place);
      }
    });
  }

  protected async submit(): Promise<void> {
    if (!this.feedback.start()) {
      return;
    }
    const { specialty, place } = this.form.getRawValue();
    this.searched.set(null);
    await this.router.navigate([], { relativeTo: this.route, queryParams: { specialite: specialty, lieu: place.trim() } });
  }

  protected async more(): Promise<void> {
    const state = this.searched();
    if (!state) {
      return;
    }
    const next: SearchState = { ...state, page: state.page + 1 };
    this.loadingMore.set(true);
    this.moreError.set(null);
    const firstNew = this.results()?.length ?? 0;
    try {
      const result = await firstValueFrom(this.api.search(next));
      this.results.update((list) => [...(list ?? []), ...result.results]);
      this.hasMore.set(result.hasMore);
      this.searched.set({ ...next, seed: result.seed ?? state.seed });
      afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>(`[data-index="${firstNew}"]`)?.focus(), { injector: this.injector });
    } catch (error) {
      this.moreError.set(toApiError(error).message);
    } finally {
      this.loadingMore.set(false);
    }
  }

  protected tier(result: DirectoryResultView): string | null {
    return TIER_LABELS[result.tier];
  }

  protected nextSlot(result: DirectoryResultView): string | null {
    return result.nextFreeSlot ? formatParisDayTime(result.nextFreeSlot) : null;
  }

  protected bookingUrl(result: DirectoryResultView): string {
    return `${WEB_ROUTES.booking}/${result.practitionerId}`;
  }

  protected address(result: DirectoryResultView): string {
    return [result.addressLine, [result.postcode, result.commune].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  }

  /** Position in the whole list, for the focus after "Résultats suivants". */
  protected indexOf(result: DirectoryResultView): number {
    return this.results()?.indexOf(result) ?? -1;
  }

  private async runFirstPage(specialty: string, place: string): Promise<void> {
    const state: SearchState = { specialty, place, page: 1 };
    this.feedback.pending.set(true);
    this.feedback.alert.set(null);
    this.results.set(null);
    this.hasMore.set(false);
    try {
      const result = await firstValueFrom(this.api.search(state));
      this.feedback.done();
      this.results.set(result.results);
      this.hasMore.set(result.hasMore);
      this.searched.set({ ...state, seed: result.seed });
    } catch (error) {
      this.searched.set(null);
      this.feedback.fail(toApiError(error), '#search-submit');
    }
  }
}
