import { computed, effect, inject, Injectable, signal, untracked } from '@angular/core';
import { PracticeMemberView } from '@passerelle/shared/contracts';
import { SessionStore, toApiError } from '@passerelle/web/core';
import { apiErrorMessage } from '@passerelle/web/ui';
import { firstValueFrom } from 'rxjs';
import { AgendaApi } from '../agenda-api';

export interface ManagedPractitioner {
  practitionerId: string;
  displayName: string;
  accountId: string;
}

/**
 * The practice seen by the signed-in staff member: its members, the
 * practitioners whose agendas they manage, and which one is on screen
 * (kept while moving between the agenda and the settings).
 */
@Injectable({ providedIn: 'root' })
export class PracticeContext {
  private readonly api = inject(AgendaApi);
  private readonly session = inject(SessionStore);

  private readonly loadedFor = signal<string | null>(null);
  private inflight: Promise<void> | null = null;
  private readonly chosen = signal<string | null>(null);

  readonly members = signal<PracticeMemberView[]>([]);
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);

  readonly practitioners = computed<ManagedPractitioner[]>(() =>
    this.members()
      .filter((m): m is PracticeMemberView & { practitionerId: string } => m.role === 'PRACTITIONER' && !!m.practitionerId)
      .map((m) => ({ practitionerId: m.practitionerId, displayName: m.displayName, accountId: m.accountId })),
  );

  /** The practitioner on screen: the one chosen, else the signed-in practitioner, else the first. */
  readonly practitionerId = computed<string | null>(() => {
    const list = this.practitioners();
    const chosen = this.chosen();
    if (chosen && list.some((p) => p.practitionerId === chosen)) {
      return chosen;
    }
    const self = list.find((p) => p.accountId === this.session.account()?.id);
    return self?.practitionerId ?? list[0]?.practitionerId ?? null;
  });

  readonly practitioner = computed(() => this.practitioners().find((p) => p.practitionerId === this.practitionerId()) ?? null);

  readonly isPractitioner = computed(() => this.session.role() === 'PRACTITIONER');

  /**
   * For a page's constructor: loads the members, then calls `load` with the
   * practitioner on screen now and each time another one is chosen.
   */
  followPractitioner(load: (practitionerId: string) => Promise<void>): void {
    void this.load();
    effect(() => {
      const practitionerId = this.practitionerId();
      if (practitionerId) {
        untracked(() => void load(practitionerId));
      }
    });
  }

  /** Loads the members once per signed-in account (again when `force`). */
  load(force = false): Promise<void> {
    this.inflight ??= this.fetch(force).finally(() => (this.inflight = null));
    return this.inflight;
  }

  private async fetch(force: boolean): Promise<void> {
    const accountId = this.session.account()?.id ?? null;
    if (!accountId || (!force && this.loadedFor() === accountId && !this.error())) {
      return;
    }
    if (this.loadedFor() !== accountId) {
      this.chosen.set(null);
      this.members.set([]);
    }
    this.loading.set(true);
    this.error.set(null);
    try {
      this.members.set(await firstValueFrom(this.api.members()));
      this.loadedFor.set(accountId);
    } catch (error) {
      this.error.set(apiErrorMessage(toApiError(error)));
    } finally {
      this.loading.set(false);
    }
  }

  choose(practitionerId: string): void {
    this.chosen.set(practitionerId);
  }

  displayNameOf(practitionerId: string): string {
    return this.practitioners().find((p) => p.practitionerId === practitionerId)?.displayName ?? '';
  }
}
