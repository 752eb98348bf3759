import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { OwnPatientIdentityRequest, PatientIdentityView } from '@passerelle/shared/contracts';
import { Observable } from 'rxjs';

const OWN_IDENTITY = '/api/patients/me';

@Injectable({ providedIn: 'root' })
export class PatientsApi {
  private readonly http = inject(HttpClient);

  ownIdentity(): Observable<PatientIdentityView> {
    return this.http.get<PatientIdentityView>(OWN_IDENTITY);
  }

  saveOwnIdentity(request: OwnPatientIdentityRequest): Observable<PatientIdentityView> {
    return this.http.put<PatientIdentityView>(OWN_IDENTITY, request);
  }
}
