import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  OnInit,
  signal,
} from '@angular/core';
import { Router } from '@angular/router';
import { ActiveSessionView } from '@passerelle/shared/contracts';
import {
  AccountApi,
  SessionStore,
  toApiError,
  WEB_ROUTES,
} from '@passerelle/web/core';
import { apiErrorMessage } from '@passerelle/web/ui';
import { firstValueFrom } from 'rxjs';
import { describeDevice, formatDateTime } from './session-description';

/** The account's open sessions, and the way to close them all. */
@Component({
  selector: 'app-active-sessions-panel',
  templateUrl: './active-sessions-panel.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ActiveSessionsPanel implements OnInit {
  private readonly accountApi = inject(AccountApi);
  private readonly store = inject(SessionStore);
  private readonly router = inject(Router);

  private readonly sessions = signal<ActiveSessionView[] | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly logoutError = signal<string | null>(null);
  protected readonly leaving = signal(false);
  protected readonly rows = computed(() =>
    this.sessions()?.map((session) => ({
      id: session.id,
      current: session.current,
      device: describeDevice(session.userAgent),
      ip: session.ip,
      createdAt: session.createdAt,
      createdAtText: formatDateTime(session.createdAt),
      lastSeenAt: session.lastSeenAt,
      lastSeenAtText: formatDateTime(session.lastSeenAt),
    })),
  );

  ngOnInit(): void {
    void this.load();
  }

  protected async load(): Promise<void> {
    this.loadError.set(null);
    try {
      this.sessions.set(await firstValueFrom(this.accountApi.activeSessions()));
    } catch (error) {
      this.loadError.set(apiErrorMessage(toApiError(error)));
    }
  }

  protected async logoutEverywhere(): Promise<void> {
    this.leaving.set(true);
    this.logoutError.set(null);
    try {
      await this.store.logoutEverywhere();
    } catch (error) {
      this.leaving.set(false);
      this.logoutError.set(apiErrorMessage(toApiError(error)));
      return;
    }
    await this.router.navigateByUrl(WEB_ROUTES.login);
  }
}
