import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import {
  ActiveSessionView,
  AUTH_ROUTES,
  ChangePasswordRequest,
} from '@passerelle/shared/contracts';
import { Observable } from 'rxjs';

/** The /api/account routes. */
@Injectable({ providedIn: 'root' })
export class AccountApi {
  private readonly http = inject(HttpClient);

  activeSessions(): Observable<ActiveSessionView[]> {
    return this.http.get<ActiveSessionView[]>(AUTH_ROUTES.sessions);
  }

  changePassword(request: ChangePasswordRequest): Observable<void> {
    return this.http.post<void>(AUTH_ROUTES.password, request);
  }
}
