import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { CreateRegulatorRequest, OutboxEmailView, RegulatorView } from '@passerelle/shared/contracts';
import { Observable } from 'rxjs';

/** /api/admin routes of the regulators and the mail outbox. */
@Injectable({ providedIn: 'root' })
export class AdminApi {
  private readonly http = inject(HttpClient);

  regulators(): Observable<RegulatorView[]> {
    return this.http.get<RegulatorView[]>('/api/admin/regulators');
  }

  createRegulator(request: CreateRegulatorRequest): Observable<RegulatorView> {
    return this.http.post<RegulatorView>('/api/admin/regulators', request);
  }

  deactivateRegulator(id: string): Observable<RegulatorView> {
    return this.http.post<RegulatorView>(`/api/admin/regulators/${id}/deactivate`, {});
  }

  resendInvitation(id: string): Observable<RegulatorView> {
    return this.http.post<RegulatorView>(`/api/admin/regulators/${id}/invitation`, {});
  }

  outbox(limit = 50): Observable<OutboxEmailView[]> {
    return this.http.get<OutboxEmailView[]>('/api/admin/outbox', { params: new HttpParams().set('limit', limit) });
  }
}
