import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { AGENDA_ROUTES, DirectoryResultView, DirectorySearchResult } from '@passerelle/shared/contracts';
import { DirectorySearchPage } from './directory-search-page';
import { SEARCH_SPECIALTIES } from './specialties';

async function settle(harness: RouterTestingHarness): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve));
    harness.detectChanges();
  }
}

const passerelle = (name: string, tier: DirectoryResultView['tier'], nextFreeSlot: string | null): DirectoryResultView => ({
  kind: 'PASSERELLE',
  tier,
  practitionerId: `id-${name.replace(/\W+/g, '-')}`,
  rpps: `rpps-${name}`,
  displayName: name,
  specialtyLabel: 'Médecine générale',
  addressLine: '12 rue des Tilleuls',
  postcode: '69003',
  commune: 'Lyon',
  departement: '69',
  nextFreeSlot,
});

const national = (name: string): DirectoryResultView => ({
  ...passerelle(name, 'AREA', null),
  kind: 'NATIONAL_DIRECTORY',
  practitionerId: null,
});

describe('DirectorySearchPage', () => {
  async function render(url = '/recherche') {
    TestBed.configureTestingModule({
      providers: [provideRouter([{ path: 'recherche', component: DirectorySearchPage }]), provideHttpClient(), provideHttpClientTesting()],
    });
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    harness.detectChanges();
    const root = harness.routeNativeElement as HTMLElement;
    const http = TestBed.inject(HttpTestingController);
    const search = () => http.expectOne((r) => r.url === AGENDA_ROUTES.directorySearch);
    return { harness, root, http, search };
  }

  it('offers specialties of the TRE_R38 nomenclature by their French names', async () => {
    const { root } = await render();
    const options = Array.from(root.querySelectorAll<HTMLOptionElement>('#search-specialty option')).map((o) => o.value);
    expect(options.slice(1)).toEqual(SEARCH_SPECIALTIES.map((s) => s.code));
    expect(SEARCH_SPECIALTIES.find((s) => s.code === 'SM54')?.label).toBe('Médecine générale');
    expect(root.querySelector('label[for="search-specialty"]')?.textContent?.trim()).toBe('Spécialité');
  });

  it('searches from the form and keeps the criteria in the address', async () => {
    const { harness, root, search } = await render();
    const specialty = root.querySelector<HTMLSelectElement>('#search-specialty');
    const place = root.querySelector<HTMLInputElement>('#search-place');
    if (!specialty || !place) throw new Error('no form');
    specialty.value = 'SM04';
    specialty.dispatchEvent(new Event('change'));
    place.value = ' 69003 ';
    place.dispatchEvent(new Event('input'));
    root.querySelector<HTMLButtonElement>('#search-submit')?.click();
    await settle(harness);
    expect(TestBed.inject(Router).url).toBe('/recherche?specialite=SM04&lieu=69003');
    const request = search();
    expect(request.request.params.get('specialty')).toBe('SM04');
    expect(request.request.params.get('place')).toBe('69003');
    expect(request.request.params.get('page')).toBe('1');
    expect(request.request.params.has('seed')).toBe(false);
  });

  it('lists Passerelle practitioners with their next slot, then the others, and continues the same order on page 2', async () => {
    const { harness, root, search } = await render('/recherche?specialite=SM54&lieu=Lyon');
    const first: DirectorySearchResult = {
      results: [passerelle('Dr Claire Martin', 'AREA', '2026-03-02T08:00:00.000Z'), passerelle('Dr Karim Benali', 'NEIGHBOURS', null), national('Dr Jean Dupont')],
      page: 1,
      pageSize: 3,
      hasMore: true,
      seed: 1234,
    };
    search().flush(first);
    await settle(harness);

    const items = Array.from(root.querySelectorAll('li.result'));
    expect(items.map((li) => li.querySelector('h3')?.textContent?.trim())).toEqual(['Dr Claire Martin', 'Dr Karim Benali', 'Dr Jean Dupont']);
    expect(items[0].textContent).toContain('Prochain créneau : lundi 2 mars à 09:00');
    expect(items[0].querySelector('a')?.getAttribute('href')).toBe('/rendez-vous/id-Dr-Claire-Martin');
    expect(items[0].querySelector('a')?.textContent?.replace(/\s+/g, ' ').trim()).toBe('Prendre rendez-vous avec Dr Claire Martin');
    expect(items[1].textContent).toContain('Département voisin');
    expect(items[2].textContent).toContain('Ne prend pas de rendez-vous sur Passerelle');
    expect(items[2].querySelector('a')).toBeNull();
    expect(root.querySelector('[role="status"]')?.textContent).toContain('3 praticiens affichés');

    Array.from(root.querySelectorAll('button')).find((b) => b.textContent?.trim() === 'Résultats suivants')?.click();
    const second = search();
    expect(second.request.params.get('page')).toBe('2');
    expect(second.request.params.get('seed')).toBe('1234');
    second.flush({ results: [national('Dr Anne Petit')], page: 2, pageSize: 3, hasMore: false, seed: 1234 });
    await settle(harness);
    expect(root.querySelectorAll('li.result')).toHaveLength(4);
    expect(Array.from(root.querySelectorAll('button')).some((b) => b.textContent?.trim() === 'Résultats suivants')).toBe(false);
  });

  it('shows the API field errors under the field', async () => {
    const { harness, root, search } = await render('/recherche?specialite=SM54&lieu=99999');
    search().flush(
      { statusCode: 400, code: 'VALIDATION_FAILED', message: 'Le code postal 99999 ne correspond à aucun département français.', fields: { place: ['Le code postal 99999 ne correspond à aucun département français.'] } },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle(harness);
    const place = root.querySelector<HTMLInputElement>('#search-place');
    expect(place?.getAttribute('aria-invalid')).toBe('true');
    expect(root.querySelector('#search-place-error')?.textContent).toContain('99999');
    expect(root.querySelector('[role="alert"]')).not.toBeNull();
  });
});
