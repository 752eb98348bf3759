import { HttpClient, HttpEvent, HttpEventType, HttpHeaders, HttpParams, HttpRequest } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import {
  ATTACHMENT_TYPE_HEADER,
  AttachmentMediaType,
  CancelAppointmentRequest,
  IDEMPOTENCY_KEY_HEADER,
  REGULATION_ROUTES,
  RegulatorSlotSearchResult,
  SasAttachmentView,
  SasBookingRequest,
  SasBookingView,
  SasFunnelView,
  SasPracticeKeyView,
  SasPractitionerPage,
  SasSlotView,
  UpdateSasBookingRequest,
} from '@passerelle/shared/contracts';
import { filter, map, Observable } from 'rxjs';

export interface RegulatorSearchCriteria {
  specialty: string;
  place: string;
  hours: number;
  consultationType?: string;
  page: number;
  seed?: number;
}

/** Upload progress (0–100) until the stored attachment comes back. */
export type UploadEvent = { kind: 'progress'; percent: number } | { kind: 'done'; attachment: SasAttachmentView };

@Injectable({ providedIn: 'root' })
export class RegulationApi {
  private readonly http = inject(HttpClient);

  search(criteria: RegulatorSearchCriteria): Observable<RegulatorSlotSearchResult> {
    let params = new HttpParams().set('specialty', criteria.specialty).set('place', criteria.place).set('hours', criteria.hours).set('page', criteria.page);
    if (criteria.consultationType) params = params.set('consultationType', criteria.consultationType);
    if (criteria.seed !== undefined) params = params.set('seed', criteria.seed);
    return this.http.get<RegulatorSlotSearchResult>(REGULATION_ROUTES.slots, { params });
  }

  practitioner(practitionerId: string): Observable<SasPractitionerPage> {
    return this.http.get<SasPractitionerPage>(REGULATION_ROUTES.practitioner(practitionerId));
  }

  funnel(practitionerId: string, start: string): Observable<SasFunnelView> {
    return this.http.get<SasFunnelView>(REGULATION_ROUTES.funnel(practitionerId), { params: { start } });
  }

  practitionerSlots(practitionerId: string, hours = 72): Observable<SasSlotView[]> {
    return this.http.get<SasSlotView[]>(REGULATION_ROUTES.practitionerSlots(practitionerId), { params: { hours } });
  }

  /** The practice key attachments for this practitioner are encrypted to (409 ENCRYPTION_KEYS_MISSING, explained, when there is none). */
  practiceKey(practitionerId: string): Observable<SasPracticeKeyView> {
    return this.http.get<SasPracticeKeyView>(REGULATION_ROUTES.practiceKey(practitionerId));
  }

  /** One encrypted file, multipart (its name kept, its checked type in a header), with upload progress events. */
  upload(practitionerId: string, fileName: string, type: AttachmentMediaType, encrypted: Uint8Array): Observable<UploadEvent> {
    const body = new FormData();
    body.append('file', new Blob([encrypted as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }), fileName);
    const request = new HttpRequest('POST', REGULATION_ROUTES.attachments(practitionerId), body, { reportProgress: true, headers: new HttpHeaders({ [ATTACHMENT_TYPE_HEADER]: type }) });
    return this.http.request<SasAttachmentView>(request).pipe(
      filter((event: HttpEvent<SasAttachmentView>) => event.type === HttpEventType.UploadProgress || event.type === HttpEventType.Response),
      map((event): UploadEvent =>
        event.type === HttpEventType.UploadProgress
          ? { kind: 'progress', percent: event.total ? Math.round((100 * event.loaded) / event.total) : 0 }
          : { kind: 'done', attachment: (event as { body: SasAttachmentView }).body },
      ),
    );
  }

  removeAttachment(id: string): Observable<void> {
    return this.http.delete<void>(REGULATION_ROUTES.attachment(id));
  }

  /** The same key for every retry of one booking: the API returns the booking made instead of booking twice. */
  book(request: SasBookingRequest, idempotencyKey: string): Observable<SasBookingView> {
    return this.http.post<SasBookingView>(REGULATION_ROUTES.bookings, request, { headers: { [IDEMPOTENCY_KEY_HEADER]: idempotencyKey } });
  }

  myBookings(): Observable<SasBookingView[]> {
    return this.http.get<SasBookingView[]>(REGULATION_ROUTES.bookings);
  }

  booking(id: string): Observable<SasBookingView> {
    return this.http.get<SasBookingView>(REGULATION_ROUTES.booking(id));
  }

  update(id: string, change: UpdateSasBookingRequest): Observable<SasBookingView> {
    return this.http.patch<SasBookingView>(REGULATION_ROUTES.booking(id), change);
  }

  cancel(id: string, request: CancelAppointmentRequest): Observable<SasBookingView> {
    return this.http.post<SasBookingView>(REGULATION_ROUTES.cancelBooking(id), request);
  }

  /** The practice: an attachment as stored (the OpenPGP message when encrypted). */
  practiceAttachment(id: string): Observable<ArrayBuffer> {
    return this.http.get(REGULATION_ROUTES.practiceAttachment(id), { responseType: 'arraybuffer' });
  }

  /** The practice's view of a SAS appointment. */
  practiceView(appointmentId: string): Observable<SasBookingView> {
    return this.http.get<SasBookingView>(REGULATION_ROUTES.practiceSasBooking(appointmentId));
  }
}
