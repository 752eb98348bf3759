import { afterNextRender, ChangeDetectionStrategy, Component, computed, ElementRef, inject, Injector, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { API_ERROR_CODES, APPOINTMENT_STATUS_LABELS, CONSULTATION_TYPE_LABELS, SasBookingView, SasPatientIdentityDto, SasSlotView, UpdateSasBookingRequest } from '@passerelle/shared/contracts';
import { toApiError } from '@passerelle/web/core';
import { apiErrorMessage, formatParisDayTime } from '@passerelle/web/ui';
import { firstValueFrom, Observable } from 'rxjs';
import { formatSize } from '../funnel/attachment-uploads';
import { RegulationApi } from '../regulation-api';
import { REGULATION_PATHS } from '../regulation-paths';

type Mode = 'view' | 'move' | 'edit' | 'cancel';

/** What the regulator typed, back as a request identity (for a correction). */
function identityOf(b: SasBookingView, change: Partial<SasPatientIdentityDto>): SasPatientIdentityDto {
  const p = b.patient;
  return {
    civility: p.civility ?? 'MME',
    firstName: p.firstName,
    lastName: p.lastName,
    birthName: p.birthName,
    birthDate: p.birthDate,
    phone: p.phone ?? '',
    birthPlace: p.birthPlaceInsee ? { bornInFrance: true, communeInsee: p.birthPlaceInsee } : p.birthCountryInsee ? { bornInFrance: false, countryInsee: p.birthCountryInsee } : undefined,
    email: p.email ?? undefined,
    address: p.address ?? undefined,
    socialSecurityNumber: p.socialSecurityNumber ?? undefined,
    referringDoctor: p.referringDoctor ?? undefined,
    ...change,
  };
}

/** One booking of the regulator: see it, move it, correct the patient's contact or the message, cancel it. */
@Component({
  selector: 'app-booking-detail-page',
  imports: [FormsModule, RouterLink],
  templateUrl: './booking-detail-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BookingDetailPage {
  private readonly api = inject(RegulationApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  private readonly id = inject(ActivatedRoute).snapshot.paramMap.get('id') ?? '';

  protected readonly paths = REGULATION_PATHS;
  protected readonly formatSize = formatSize;
  protected readonly booking = signal<SasBookingView | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly mode = signal<Mode>('view');
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly fieldErrors = signal<Record<string, string[]>>({});
  protected readonly notice = signal<string | null>(null);
  protected readonly slots = signal<SasSlotView[]>([]);
  protected moveTo = '';
  protected phone = '';
  protected email = '';
  protected message = '';
  protected cancelReason = '';

  protected readonly upcoming = computed(() => {
    const b = this.booking();
    return !!b && b.appointment.status === 'BOOKED' && Date.parse(b.appointment.start) > Date.now();
  });
  protected readonly status = computed(() => {
    const b = this.booking();
    return b ? APPOINTMENT_STATUS_LABELS[b.appointment.status] : '';
  });
  protected readonly type = computed(() => {
    const b = this.booking();
    return b ? CONSULTATION_TYPE_LABELS[b.appointment.consultationType] : '';
  });

  constructor() {
    void this.load();
  }

  protected when(iso: string): string {
    return formatParisDayTime(iso);
  }

  protected fieldError(name: string): string | null {
    return this.fieldErrors()[name]?.join(' ') ?? null;
  }

  protected async setMode(mode: Mode): Promise<void> {
    const b = this.booking();
    this.mode.set(mode);
    this.error.set(null);
    this.fieldErrors.set({});
    if (!b) return;
    if (mode === 'edit') {
      this.phone = b.patient.phone ?? '';
      this.email = b.patient.email ?? '';
      this.message = b.message ?? '';
      this.focus('#edit-phone');
    } else if (mode === 'move') {
      this.moveTo = '';
      try {
        this.slots.set((await firstValueFrom(this.api.practitionerSlots(b.practitioner.id))).filter((s) => s.start !== b.appointment.start));
      } catch (error) {
        this.error.set(toApiError(error).message);
      }
      this.focus('#move-to');
    } else if (mode === 'cancel') {
      this.focus('#cancel-reason');
    }
  }

  protected move(): Promise<void> {
    if (!this.moveTo) {
      this.fieldErrors.set({ start: ['Choisissez le nouveau créneau.'] });
      this.focus('#move-to');
      return Promise.resolve();
    }
    return this.run(this.api.update(this.id, { start: this.moveTo }), `Rendez-vous déplacé au ${this.when(this.moveTo)}.`);
  }

  protected save(): Promise<void> {
    const b = this.booking();
    if (!b) return Promise.resolve();
    const change: UpdateSasBookingRequest = { patient: identityOf(b, { phone: this.phone.trim(), email: this.email.trim() || undefined }), message: this.message };
    return this.run(this.api.update(this.id, change), 'Réservation mise à jour.');
  }

  protected cancel(): Promise<void> {
    return this.run(this.api.cancel(this.id, { reason: this.cancelReason.trim() || undefined }), 'Rendez-vous annulé.');
  }

  private async run(request: Observable<SasBookingView>, success: string): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    this.fieldErrors.set({});
    this.notice.set(null);
    try {
      this.booking.set(await firstValueFrom(request));
      this.mode.set('view');
      this.notice.set(success);
      this.focus('h1');
    } catch (error) {
      const body = toApiError(error);
      this.fieldErrors.set(body.fields ?? {});
      if (body.code === API_ERROR_CODES.slotTaken) this.slots.set((body.alternatives ?? []) as SasSlotView[]);
      this.error.set(apiErrorMessage(body));
      this.focus(body.fields ? '[aria-invalid="true"]' : '[role="alert"]');
    } finally {
      this.busy.set(false);
    }
  }

  private async load(): Promise<void> {
    try {
      this.booking.set(await firstValueFrom(this.api.booking(this.id)));
    } catch (error) {
      this.loadError.set(toApiError(error).message);
    }
  }

  private focus(selector: string): void {
    afterNextRender(
      () => {
        const target = this.host.nativeElement.querySelector<HTMLElement>(selector);
        if (target && !target.matches('input, select, textarea, button, a') && !target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
        target?.focus();
      },
      { injector: this.injector },
    );
  }
}
