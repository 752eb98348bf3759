import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { SasPractitionerPage } from '@passerelle/shared/contracts';
import { toApiError } from '@passerelle/web/core';
import { catchError, map, of, switchMap } from 'rxjs';
import { SasPractitionerCardView } from '../card/sas-practitioner-card';
import { RegulationApi } from '../regulation-api';
import { REGULATION_PATHS } from '../regulation-paths';

type State = { kind: 'loading' } | { kind: 'ready'; page: SasPractitionerPage } | { kind: 'error'; message: string };

/**
 * Where a regulator lands from the SAS platform's link with praticien=<id>:
 * that practitioner's card and the slots the SAS may book over the default
 * window, each leading to the booking funnel.
 */
@Component({
  selector: 'app-sas-practitioner-page',
  imports: [RouterLink, SasPractitionerCardView],
  templateUrl: './sas-practitioner-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SasPractitionerPageComponent {
  private readonly api = inject(RegulationApi);

  protected readonly paths = REGULATION_PATHS;
  protected readonly state = signal<State>({ kind: 'loading' });
  protected readonly summary = computed(() => {
    const state = this.state();
    if (state.kind !== 'ready') return state.kind === 'loading' ? 'Chargement des créneaux…' : '';
    const count = state.page.slots.length;
    const hours = Math.round((Date.parse(state.page.to) - Date.parse(state.page.from)) / 3_600_000);
    return count === 0 ? `Aucun créneau ouvert à la régulation dans les ${hours} heures.` : `${count} créneau${count > 1 ? 'x' : ''} ouvert${count > 1 ? 's' : ''} à la régulation dans les ${hours} heures.`;
  });

  constructor() {
    inject(ActivatedRoute)
      .paramMap.pipe(
        map((params) => params.get('id') ?? ''),
        switchMap((id) => {
          this.state.set({ kind: 'loading' });
          return this.api.practitioner(id).pipe(
            map((page): State => ({ kind: 'ready', page })),
            catchError((error: unknown) => of<State>({ kind: 'error', message: toApiError(error).message })),
          );
        }),
        takeUntilDestroyed(),
      )
      .subscribe((state) => this.state.set(state));
  }
}
