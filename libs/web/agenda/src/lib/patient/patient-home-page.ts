import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { AppointmentView, BookingPageView } from '@passerelle/shared/contracts';
import { SessionStore, toApiError, WEB_ROUTES } from '@passerelle/web/core';
import { apiErrorMessage } from '@passerelle/web/ui';
import { firstValueFrom } from 'rxjs';
import { AgendaApi } from '../agenda-api';
import { appointmentTimeLabel, statusLabel, typeLabel } from '../shared/agenda-labels';

interface PractitionerCard {
  displayName: string;
  address: string;
}

/** "Mon espace patient": the patient's appointments, upcoming ones cancellable until the practice's cut-off. */
@Component({
  selector: 'app-patient-home-page',
  imports: [RouterLink],
  templateUrl: './patient-home-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PatientHomePage implements OnInit {
  private readonly api = inject(AgendaApi);
  protected readonly account = inject(SessionStore).account;
  protected readonly routes = WEB_ROUTES;

  protected readonly appointments = signal<AppointmentView[] | null>(null);
  protected readonly practitioners = signal<Record<string, PractitionerCard>>({});
  protected readonly loadError = signal<string | null>(null);
  protected readonly confirming = signal<string | null>(null);
  protected readonly busy = signal<string | null>(null);
  protected readonly errors = signal<Record<string, string>>({});
  protected readonly notice = signal<string | null>(null);

  protected readonly upcoming = computed(() =>
    (this.appointments() ?? [])
      .filter((a) => a.status === 'BOOKED' && Date.parse(a.end) > Date.now())
      .sort((a, b) => Date.parse(a.start) - Date.parse(b.start)),
  );
  protected readonly past = computed(() =>
    (this.appointments() ?? [])
      .filter((a) => !(a.status === 'BOOKED' && Date.parse(a.end) > Date.now()))
      .sort((a, b) => Date.parse(b.start) - Date.parse(a.start)),
  );
  protected readonly time = appointmentTimeLabel;
  protected readonly status = statusLabel;
  protected readonly type = typeLabel;

  ngOnInit(): void {
    void this.load();
  }

  protected practitionerName(a: AppointmentView): string {
    return this.practitioners()[a.practitionerId]?.displayName ?? 'votre praticien';
  }

  protected practitionerAddress(a: AppointmentView): string | null {
    return this.practitioners()[a.practitionerId]?.address ?? null;
  }

  protected bookAgainUrl(a: AppointmentView): string {
    return `${WEB_ROUTES.booking}/${a.practitionerId}`;
  }

  protected ask(a: AppointmentView | null): void {
    this.confirming.set(a?.id ?? null);
  }

  protected async cancel(a: AppointmentView): Promise<void> {
    this.busy.set(a.id);
    this.notice.set(null);
    this.errors.update((all) => Object.fromEntries(Object.entries(all).filter(([id]) => id !== a.id)));
    try {
      const updated = await firstValueFrom(this.api.cancel(a.id));
      this.appointments.update((list) => (list ?? []).map((x) => (x.id === updated.id ? updated : x)));
      this.confirming.set(null);
      this.notice.set(`Rendez-vous du ${appointmentTimeLabel(updated)} annulé.`);
    } catch (error) {
      // After the practice's cut-off the API refuses, saying why in French.
      this.errors.update((all) => ({ ...all, [a.id]: apiErrorMessage(toApiError(error)) }));
      this.confirming.set(null);
    } finally {
      this.busy.set(null);
    }
  }

  private async load(): Promise<void> {
    try {
      const list = await firstValueFrom(this.api.myAppointments());
      this.appointments.set(list);
      await this.loadPractitioners([...new Set(list.map((a) => a.practitionerId))]);
    } catch (error) {
      this.loadError.set(apiErrorMessage(toApiError(error)));
    }
  }

  /** The appointment view carries no practitioner name: the public booking page has it. */
  private async loadPractitioners(ids: string[]): Promise<void> {
    const now = new Date();
    const window = { from: now, to: new Date(now.getTime() + 60_000) };
    const pages = await Promise.all(
      ids.map((id) => firstValueFrom(this.api.bookingPage(id, window)).catch((): BookingPageView | null => null)),
    );
    const cards: Record<string, PractitionerCard> = {};
    pages.forEach((page) => {
      if (page) {
        cards[page.practitionerId] = { displayName: page.displayName, address: `${page.addressLine}, ${page.postcode} ${page.commune}` };
      }
    });
    this.practitioners.set(cards);
  }
}
