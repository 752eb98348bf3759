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
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { AgendaSettingsView, AppointmentView, CalendarView, MotifView, SasAppointmentChange, SlotView } from '@passerelle/shared/contracts';
import { RealtimeClient, toApiError, WEB_ROUTES } from '@passerelle/web/core';
import {
  addDays,
  apiErrorMessage,
  DayKey,
  formatDay,
  formatDayWithYear,
  isDayKey,
  mondayOf,
  parisInstant,
  todayInParis,
} from '@passerelle/web/ui';
import { firstValueFrom } from 'rxjs';
import { AgendaApi } from '../agenda-api';
import { buildDayAgenda, buildWeekGrid } from '../calendar/calendar-grid';
import { CalendarLegend } from '../calendar/calendar-legend';
import { DayAgenda } from '../calendar/day-agenda';
import { WeekCalendar } from '../calendar/week-calendar';
import { PracticeContext } from '../practice/practice-context';
import { PractitionerPicker } from '../practice/practitioner-picker';
import { AppointmentPanel } from './appointment-panel';
import { PracticeBookingForm } from './practice-booking-form';

type ViewMode = 'week' | 'day';
type Selection = { kind: 'slot'; slot: SlotView } | { kind: 'appointment'; appointment: AppointmentView };

const DAY_MS = 86_400_000;
/** The API keeps 30 days of history visible. */
const HISTORY_DAYS = 30;

/** "Mon cabinet": the week calendar (or one day), booking a free slot, acting on an appointment. */
const SAS_NOTICES: Record<SasAppointmentChange['change'], string> = {
  BOOKED: 'Nouveau rendez-vous réservé par la régulation SAS.',
  MOVED: 'Un rendez-vous SAS a été déplacé par la régulation.',
  UPDATED: 'Un rendez-vous SAS a été modifié par la régulation.',
  CANCELLED: 'Un rendez-vous SAS a été annulé par la régulation.',
};

@Component({
  selector: 'app-practice-agenda-page',
  imports: [RouterLink, PractitionerPicker, WeekCalendar, DayAgenda, CalendarLegend, AppointmentPanel, PracticeBookingForm],
  templateUrl: './practice-agenda-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PracticeAgendaPage {
  private readonly api = inject(AgendaApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  protected readonly context = inject(PracticeContext);
  protected readonly routes = WEB_ROUTES;

  private readonly params = toSignal(this.route.queryParamMap, { requireSync: true });
  private readonly defaultMode: ViewMode =
    typeof window !== 'undefined' && window.matchMedia?.('(max-width: 47.99rem)').matches ? 'day' : 'week';
  private readonly reloads = signal(0);
  private trigger: HTMLElement | null = null;

  protected readonly today = todayInParis();
  protected readonly day = computed<DayKey>(() => {
    const value = this.params().get('jour');
    return isDayKey(value) ? value : this.today;
  });
  protected readonly mode = computed<ViewMode>(() => {
    const value = this.params().get('vue');
    return value === 'jour' ? 'day' : value === 'semaine' ? 'week' : this.defaultMode;
  });
  protected readonly weekStart = computed(() => mondayOf(this.day()));

  protected readonly settings = signal<AgendaSettingsView | null>(null);
  protected readonly motifs = signal<MotifView[]>([]);
  protected readonly calendar = signal<CalendarView | null>(null);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly selection = signal<Selection | null>(null);

  protected readonly periodLabel = computed(() =>
    this.mode() === 'week'
      ? `Semaine du ${formatDay(this.weekStart())} au ${formatDayWithYear(addDays(this.weekStart(), 6))}`
      : formatDayWithYear(this.day()),
  );
  protected readonly grid = computed(() => {
    const calendar = this.calendar();
    return calendar ? buildWeekGrid(calendar, this.weekStart(), 7, this.settings()?.ranges ?? [], this.today) : null;
  });
  protected readonly dayEntries = computed(() => {
    const calendar = this.calendar();
    return calendar ? buildDayAgenda(calendar, this.day()) : [];
  });
  protected readonly calendarCaption = computed(() => {
    const name = this.context.practitioner()?.displayName;
    return `Agenda${name ? ` de ${name}` : ''}, ${this.periodLabel().toLowerCase()}`;
  });
  protected readonly noHours = computed(() => this.settings() !== null && this.settings()?.ranges.length === 0);
  /** Free slots the selected appointment could move to (the week on screen, still in the future). */
  protected readonly moveCandidates = computed(() => {
    const now = Date.now();
    return (this.calendar()?.freeSlots ?? []).filter((s) => Date.parse(s.start) > now);
  });
  protected readonly canGoBack = computed(() => {
    const oldest = Date.now() - HISTORY_DAYS * DAY_MS;
    const periodStart = this.mode() === 'week' ? this.weekStart() : this.day();
    return parisInstant(periodStart, 0).getTime() > oldest;
  });

  constructor() {
    void this.context.load();
    effect(() => {
      const practitionerId = this.context.practitionerId();
      untracked(() => {
        this.selection.set(null);
        this.settings.set(null);
        this.motifs.set([]);
        if (practitionerId) {
          void this.loadSettings(practitionerId);
        }
      });
    });
    effect(() => {
      const practitionerId = this.context.practitionerId();
      const weekStart = this.weekStart();
      this.reloads();
      if (practitionerId) {
        untracked(() => void this.loadCalendar(practitionerId, weekStart));
      }
    });
    // A regulator booked, moved or cancelled for this practitioner: the calendar reloads at once (issue 4 §4).
    const realtime = inject(RealtimeClient);
    realtime
      .reconnected()
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.reloads.update((n) => n + 1));
    realtime
      .events('sas:appointment')
      .pipe(takeUntilDestroyed())
      .subscribe((change) => {
        if (change.practitionerId !== this.context.practitionerId()) return;
        this.notice.set(SAS_NOTICES[change.change]);
        this.reloads.update((n) => n + 1);
      });
  }

  protected setMode(mode: ViewMode): void {
    void this.navigate(this.day(), mode);
  }

  protected step(direction: -1 | 1): void {
    if (this.mode() === 'day') {
      void this.navigate(addDays(this.day(), direction), 'day');
      return;
    }
    // Another week: its Monday (or today, in the current week), so "Jour" then opens a useful day.
    const monday = addDays(this.weekStart(), direction * 7);
    void this.navigate(monday === mondayOf(this.today) ? this.today : monday, 'week');
  }

  protected goToday(): void {
    void this.navigate(this.today, this.mode());
  }

  protected goToDate(event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    if (isDayKey(value)) {
      void this.navigate(value, this.mode());
    }
  }

  protected selectSlot(slot: SlotView): void {
    this.open({ kind: 'slot', slot });
  }

  protected selectAppointment(appointment: AppointmentView): void {
    this.open({ kind: 'appointment', appointment });
  }

  protected changeSlot(slot: SlotView): void {
    this.selection.set({ kind: 'slot', slot });
  }

  protected booked(appointment: AppointmentView): void {
    this.notice.set(`Rendez-vous enregistré pour ${appointment.patientName}.`);
    this.selection.set({ kind: 'appointment', appointment });
    this.reloads.update((n) => n + 1);
    this.focusPanel();
  }

  protected appointmentChanged(appointment: AppointmentView): void {
    this.notice.set(null);
    this.selection.set({ kind: 'appointment', appointment });
    this.reloads.update((n) => n + 1);
  }

  protected closePanel(): void {
    this.selection.set(null);
    const trigger = this.trigger;
    afterNextRender(
      () => {
        if (trigger?.isConnected) {
          trigger.focus();
        } else {
          this.host.nativeElement.querySelector<HTMLElement>('#calendar-title')?.focus();
        }
      },
      { injector: this.injector },
    );
  }

  private open(selection: Selection): void {
    this.trigger = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    this.notice.set(null);
    this.selection.set(selection);
    this.focusPanel();
  }

  private focusPanel(): void {
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('.panel h2')?.focus(), { injector: this.injector });
  }

  private async navigate(day: DayKey, mode: ViewMode): Promise<void> {
    await this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { jour: day, vue: mode === 'day' ? 'jour' : 'semaine' },
    });
  }

  private async loadSettings(practitionerId: string): Promise<void> {
    try {
      const [settings, motifs] = await Promise.all([
        firstValueFrom(this.api.settings(practitionerId)),
        firstValueFrom(this.api.motifs(practitionerId)),
      ]);
      if (this.context.practitionerId() === practitionerId) {
        this.settings.set(settings);
        this.motifs.set(motifs);
      }
    } catch (error) {
      this.error.set(apiErrorMessage(toApiError(error)));
    }
  }

  private async loadCalendar(practitionerId: string, weekStart: DayKey): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      const view = await firstValueFrom(
        this.api.calendar(practitionerId, { from: parisInstant(weekStart, 0), to: parisInstant(addDays(weekStart, 7), 0) }),
      );
      // Only the answer for what is still on screen.
      if (this.context.practitionerId() === practitionerId && this.weekStart() === weekStart) {
        this.calendar.set(view);
      }
    } catch (error) {
      this.error.set(apiErrorMessage(toApiError(error)));
    } finally {
      this.loading.set(false);
    }
  }
}
