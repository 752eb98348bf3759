import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  Injector,
  input,
  output,
  signal,
} from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { API_ERROR_CODES, AppointmentView, SlotView } from '@passerelle/shared/contracts';
import { toApiError, WEB_ROUTES } from '@passerelle/web/core';
import { SasAppointmentDetails } from '@passerelle/web/regulation';
import { apiErrorMessage } from '@passerelle/web/ui';
import { firstValueFrom, Observable } from 'rxjs';
import { AgendaApi } from '../agenda-api';
import {
  appointmentTimeLabel,
  CHANNEL_LABELS,
  PAYMENT_LABELS,
  slotLabel,
  statusLabel,
  typeLabel,
} from '../shared/agenda-labels';

type Mode = 'actions' | 'cancel' | 'move';

/** An appointment's details and what the practice can do with it. */
@Component({
  selector: 'app-appointment-panel',
  imports: [FormsModule, RouterLink, SasAppointmentDetails],
  templateUrl: './appointment-panel.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AppointmentPanel {
  private readonly api = inject(AgendaApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  readonly appointment = input.required<AppointmentView>();
  /** Free slots it could move to. */
  readonly freeSlots = input<SlotView[]>([]);

  readonly changed = output<AppointmentView>();
  readonly closed = output<void>();

  protected readonly mode = signal<Mode>('actions');
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly alternatives = signal<SlotView[]>([]);
  protected cancelReason = '';
  protected moveTo = '';

  protected readonly historyUrl = computed(() => `${WEB_ROUTES.practicePatients}/${this.appointment().patientId}`);
  protected readonly time = computed(() => appointmentTimeLabel(this.appointment()));
  protected readonly status = computed(() => statusLabel(this.appointment()));
  protected readonly channel = computed(() => CHANNEL_LABELS[this.appointment().channel]);
  protected readonly type = computed(() => typeLabel(this.appointment().consultationType));
  /** Booked by the SAS regulation: the regulator, message and attachments are shown. */
  protected readonly isSas = computed(() => this.appointment().channel === 'REGULATOR');
  protected readonly isVideo = computed(() => this.appointment().consultationType === 'VIDEO');
  protected readonly isBooked = computed(() => this.appointment().status === 'BOOKED');
  protected readonly started = computed(() => Date.parse(this.appointment().start) <= Date.now());
  /** Seed 001: a past video visit not paid shows in red. */
  protected readonly unpaidPast = computed(() => this.started() && this.appointment().paymentStatus !== 'PAID');
  protected readonly payment = computed(() => {
    const status = this.appointment().paymentStatus;
    return status === 'PAID' || this.unpaidPast() ? PAYMENT_LABELS[status ?? 'UNPAID'] : 'Non payée';
  });
  protected readonly moveOptions = computed(() => {
    const current = this.appointment();
    return this.freeSlots().filter((s) => s.consultationTypes.includes(current.consultationType) && s.start !== current.start);
  });
  protected readonly slotLabel = slotLabel;

  protected setMode(mode: Mode): void {
    this.mode.set(mode);
    this.error.set(null);
    this.alternatives.set([]);
    if (mode !== 'actions') {
      this.focus(mode === 'cancel' ? '#cancel-reason' : '#move-to');
    }
  }

  protected markDone(): Promise<void> {
    return this.run(this.api.markDone(this.appointment().id), 'Rendez-vous marqué honoré.');
  }

  protected markNoShow(): Promise<void> {
    return this.run(this.api.markNoShow(this.appointment().id), 'Absence injustifiée enregistrée.');
  }

  protected setPayment(status: 'PAID' | 'UNPAID'): Promise<void> {
    return this.run(this.api.setPayment(this.appointment().id, status), status === 'PAID' ? 'Téléconsultation marquée payée.' : 'Téléconsultation marquée impayée.');
  }

  protected cancel(): Promise<void> {
    return this.run(this.api.cancel(this.appointment().id, this.cancelReason.trim() || undefined), 'Rendez-vous annulé.');
  }

  protected move(start = this.moveTo): Promise<void> {
    if (!start) {
      this.error.set('Choisissez le nouveau créneau.');
      this.focus('#move-to');
      return Promise.resolve();
    }
    return this.run(this.api.move(this.appointment().id, start), `Rendez-vous déplacé au ${slotLabel({ start })}.`);
  }

  private async run(request: Observable<AppointmentView>, success: string): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    this.notice.set(null);
    try {
      const updated = await firstValueFrom(request);
      this.mode.set('actions');
      this.alternatives.set([]);
      this.cancelReason = '';
      this.moveTo = '';
      this.notice.set(success);
      this.changed.emit(updated);
      this.focus('h2');
    } catch (error) {
      const body = toApiError(error);
      this.alternatives.set(body.code === API_ERROR_CODES.slotTaken ? ((body.alternatives ?? []) as SlotView[]) : []);
      this.error.set(apiErrorMessage(body));
      this.focus('[role="alert"]');
    } finally {
      this.busy.set(false);
    }
  }

  private focus(selector: string): void {
    afterNextRender(
      () => {
        const target = this.host.nativeElement.querySelector<HTMLElement>(selector);
        if (target && !target.matches('input, select, textarea, button') && !target.hasAttribute('tabindex')) {
          target.setAttribute('tabindex', '-1');
        }
        target?.focus();
      },
      { injector: this.injector },
    );
  }
}
