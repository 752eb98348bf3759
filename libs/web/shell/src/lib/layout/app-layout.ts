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
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import {
  NavigationEnd,
  Router,
  RouterLink,
  RouterLinkActive,
  RouterOutlet,
} from '@angular/router';
import { SessionStore, WEB_ROUTES } from '@passerelle/web/core';
import { filter, map, pairwise } from 'rxjs';
import { ROLE_NAVIGATION } from './role-navigation';

/**
 * The frame of every page: skip link, header with the account and its
 * navigation, <main id="contenu">, footer.
 */
@Component({
  selector: 'app-layout',
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  templateUrl: './app-layout.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AppLayout {
  private readonly store = inject(SessionStore);
  private readonly router = inject(Router);
  private readonly injector = inject(Injector);
  private readonly main = viewChild.required<ElementRef<HTMLElement>>('main');

  protected readonly account = this.store.account;
  protected readonly roleLabel = this.store.roleLabel;
  protected readonly home = this.store.home;
  protected readonly navigation = computed(() => {
    const role = this.store.role();
    return role ? ROLE_NAVIGATION[role] : [];
  });
  protected readonly leaving = signal(false);
  protected readonly routes = WEB_ROUTES;

  constructor() {
    // A single-page app does not move the focus on navigation: do it, so
    // screen readers start reading the new page at its heading.
    // Only when the page changes: a new query string (the agenda's week, a
    // booking's chosen slot) keeps the focus where the person is working.
    this.router.events
      .pipe(
        filter((event) => event instanceof NavigationEnd),
        map((event) => this.pathOf(event.urlAfterRedirects)),
        pairwise(),
        filter(([previous, current]) => previous !== current),
        takeUntilDestroyed(inject(DestroyRef)),
      )
      .subscribe(() =>
        afterNextRender(() => this.focusContent(), { injector: this.injector }),
      );
  }

  protected skipToContent(event: Event): void {
    event.preventDefault();
    this.focusContent();
  }

  protected async logout(): Promise<void> {
    this.leaving.set(true);
    try {
      await this.store.logout();
    } catch {
      // Signed out locally whatever the API answered; the server session expires on its own.
    } finally {
      this.leaving.set(false);
    }
    await this.router.navigateByUrl(WEB_ROUTES.login);
  }

  private pathOf(url: string): string {
    const tree = this.router.parseUrl(url);
    return tree.root.children['primary']?.segments.map((s) => s.path).join('/') ?? '';
  }

  private focusContent(): void {
    const main = this.main().nativeElement;
    const heading = main.querySelector<HTMLElement>('h1');
    const target = heading ?? main;
    if (!target.hasAttribute('tabindex')) {
      target.setAttribute('tabindex', '-1');
    }
    target.focus();
  }
}
