import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import {
  AGENDA_ROUTES,
  AgendaSettingsView,
  AppointmentView,
  BlockRequest,
  BlockView,
  BookAppointmentRequest,
  BookingPageView,
  CalendarView,
  HoursChangeResult,
  MotifRequest,
  MotifView,
  OpeningRangeDto,
  PatientHistoryView,
  PatientIdentityView,
  PracticeMemberView,
  PracticePatientView,
  UpdateAgendaSettingsRequest,
} from '@passerelle/shared/contracts';
import { Observable } from 'rxjs';

/** Instants as the API wants them in query strings. */
export interface TimeWindow {
  from: Date;
  to: Date;
}

const windowParams = ({ from, to }: TimeWindow) => ({
  from: from.toISOString(),
  to: to.toISOString(),
});

/** Practice patients (identity context), listed here for the agenda's forms. */
const PRACTICE_PATIENTS = '/api/practice/patients';
const patientIdentity = (patientId: string) => `/api/patients/${patientId}`;

/** The agenda, appointment and practice routes (see AGENDA_ROUTES), one method each. */
@Injectable({ providedIn: 'root' })
export class AgendaApi {
  private readonly http = inject(HttpClient);

  bookingPage(practitionerId: string, window: TimeWindow): Observable<BookingPageView> {
    return this.http.get<BookingPageView>(AGENDA_ROUTES.bookingPage(practitionerId), { params: windowParams(window) });
  }

  book(practitionerId: string, request: BookAppointmentRequest): Observable<AppointmentView> {
    return this.http.post<AppointmentView>(AGENDA_ROUTES.appointments(practitionerId), request);
  }

  settings(practitionerId: string): Observable<AgendaSettingsView> {
    return this.http.get<AgendaSettingsView>(AGENDA_ROUTES.settings(practitionerId));
  }

  updateSettings(practitionerId: string, request: UpdateAgendaSettingsRequest): Observable<AgendaSettingsView> {
    return this.http.put<AgendaSettingsView>(AGENDA_ROUTES.settings(practitionerId), request);
  }

  replaceHours(practitionerId: string, ranges: OpeningRangeDto[]): Observable<HoursChangeResult> {
    return this.http.put<HoursChangeResult>(AGENDA_ROUTES.hours(practitionerId), { ranges });
  }

  motifs(practitionerId: string): Observable<MotifView[]> {
    return this.http.get<MotifView[]>(AGENDA_ROUTES.motifs(practitionerId));
  }

  addMotif(practitionerId: string, request: MotifRequest): Observable<MotifView> {
    return this.http.post<MotifView>(AGENDA_ROUTES.motifs(practitionerId), request);
  }

  updateMotif(practitionerId: string, motifId: string, request: MotifRequest): Observable<MotifView> {
    return this.http.put<MotifView>(`${AGENDA_ROUTES.motifs(practitionerId)}/${motifId}`, request);
  }

  removeMotif(practitionerId: string, motifId: string): Observable<void> {
    return this.http.delete<void>(`${AGENDA_ROUTES.motifs(practitionerId)}/${motifId}`);
  }

  blocks(practitionerId: string, window: TimeWindow): Observable<BlockView[]> {
    return this.http.get<BlockView[]>(AGENDA_ROUTES.blocks(practitionerId), { params: windowParams(window) });
  }

  addBlock(practitionerId: string, request: BlockRequest): Observable<BlockView> {
    return this.http.post<BlockView>(AGENDA_ROUTES.blocks(practitionerId), request);
  }

  /** Deletes a block; a public holiday is waived (worked) instead. */
  removeBlock(practitionerId: string, blockId: string): Observable<void> {
    return this.http.delete<void>(`${AGENDA_ROUTES.blocks(practitionerId)}/${blockId}`);
  }

  calendar(practitionerId: string, window: TimeWindow): Observable<CalendarView> {
    return this.http.get<CalendarView>(AGENDA_ROUTES.calendar(practitionerId), { params: windowParams(window) });
  }

  teleconsultations(practitionerId: string): Observable<AppointmentView[]> {
    return this.http.get<AppointmentView[]>(AGENDA_ROUTES.teleconsultations(practitionerId));
  }

  cancel(appointmentId: string, reason?: string): Observable<AppointmentView> {
    return this.http.post<AppointmentView>(AGENDA_ROUTES.appointment(appointmentId, 'cancel'), reason ? { reason } : {});
  }

  move(appointmentId: string, start: string): Observable<AppointmentView> {
    return this.http.post<AppointmentView>(AGENDA_ROUTES.appointment(appointmentId, 'move'), { start });
  }

  markDone(appointmentId: string): Observable<AppointmentView> {
    return this.http.post<AppointmentView>(AGENDA_ROUTES.appointment(appointmentId, 'done'), {});
  }

  markNoShow(appointmentId: string): Observable<AppointmentView> {
    return this.http.post<AppointmentView>(AGENDA_ROUTES.appointment(appointmentId, 'no-show'), {});
  }

  setPayment(appointmentId: string, status: 'PAID' | 'UNPAID'): Observable<AppointmentView> {
    return this.http.post<AppointmentView>(AGENDA_ROUTES.appointment(appointmentId, 'payment'), { status });
  }

  myAppointments(): Observable<AppointmentView[]> {
    return this.http.get<AppointmentView[]>(AGENDA_ROUTES.myAppointments);
  }

  patientHistory(patientId: string): Observable<PatientHistoryView> {
    return this.http.get<PatientHistoryView>(AGENDA_ROUTES.patientHistory(patientId));
  }

  patientIdentity(patientId: string): Observable<PatientIdentityView> {
    return this.http.get<PatientIdentityView>(patientIdentity(patientId));
  }

  practicePatients(): Observable<PracticePatientView[]> {
    return this.http.get<PracticePatientView[]>(PRACTICE_PATIENTS);
  }

  members(): Observable<PracticeMemberView[]> {
    return this.http.get<PracticeMemberView[]>(AGENDA_ROUTES.members);
  }

  attachSecretary(email: string): Observable<PracticeMemberView> {
    return this.http.post<PracticeMemberView>(AGENDA_ROUTES.secretaries, { email });
  }

  detachSecretary(accountId: string): Observable<void> {
    return this.http.delete<void>(`${AGENDA_ROUTES.secretaries}/${accountId}`);
  }

  allowList(): Observable<string[]> {
    return this.http.get<string[]>(AGENDA_ROUTES.allowList);
  }

  allow(email: string): Observable<void> {
    return this.http.post<void>(AGENDA_ROUTES.allowList, { email });
  }

  disallow(email: string): Observable<void> {
    return this.http.delete<void>(`${AGENDA_ROUTES.allowList}/${encodeURIComponent(email)}`);
  }
}
