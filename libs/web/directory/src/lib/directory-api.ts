import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { AGENDA_ROUTES, DirectorySearchResult } from '@passerelle/shared/contracts';
import { Observable } from 'rxjs';

export interface DirectorySearchCriteria {
  specialty: string;
  place: string;
  page: number;
  /** The random order's seed the first page returned, so page 2 continues the same order. */
  seed?: number;
}

@Injectable({ providedIn: 'root' })
export class DirectoryApi {
  private readonly http = inject(HttpClient);

  search(criteria: DirectorySearchCriteria): Observable<DirectorySearchResult> {
    let params = new HttpParams().set('specialty', criteria.specialty).set('place', criteria.place).set('page', criteria.page);
    if (criteria.seed !== undefined) {
      params = params.set('seed', criteria.seed);
    }
    return this.http.get<DirectorySearchResult>(AGENDA_ROUTES.directorySearch, { params });
  }
}
