import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { PatientIdentityView } from '@passerelle/shared/contracts';
import { OwnIdentityPage } from './own-identity-page';

async function settle(harness: RouterTestingHarness): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve));
    harness.detectChanges();
  }
}

const recorded = (overrides: Partial<PatientIdentityView> = {}): PatientIdentityView => ({
  id: 'p1',
  birthName: 'GARNIER',
  usedName: null,
  firstNames: 'Louise Anne',
  usedFirstName: null,
  birthDate: '1975-04-12',
  sex: 'F',
  birthPlaceInsee: '69123',
  birthCountryInsee: null,
  phone: '0612345678',
  email: 'louise@exemple.fr',
  identityStatus: 'PROVISIONAL',
  ...overrides,
});

describe('OwnIdentityPage', () => {
  async function render(existing: PatientIdentityView | null) {
    TestBed.configureTestingModule({
      providers: [provideRouter([{ path: 'patient/identite', component: OwnIdentityPage }]), provideHttpClient(), provideHttpClientTesting()],
    });
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/patient/identite');
    const http = TestBed.inject(HttpTestingController);
    const get = http.expectOne((r) => r.method === 'GET' && r.url === '/api/patients/me');
    if (existing) get.flush(existing);
    else get.flush({ statusCode: 404, code: 'NOT_FOUND', message: 'Votre identité n’est pas encore renseignée.' }, { status: 404, statusText: 'Not Found' });
    await settle(harness);
    const root = harness.routeNativeElement as HTMLElement;
    const input = (id: string) => root.querySelector(`#${id}`) as HTMLInputElement;
    const type = (id: string, value: string) => {
      input(id).value = value;
      input(id).dispatchEvent(new Event('input'));
    };
    const click = (id: string) => input(id).click();
    const submit = async () => {
      (root.querySelector('button[type="submit"]') as HTMLButtonElement).click();
      await settle(harness);
    };
    return { harness, root, http, input, type, click, submit };
  }

  it('starts empty when nothing is recorded, refuses a future birth date in French, then sends the identity', async () => {
    const { root, http, type, click, submit, harness } = await render(null);
    type('identity-birth-name', 'Garnier');
    type('identity-first-names', 'Louise Anne');
    type('identity-birth-date', '2999-01-01');
    click('identity-sex-f');
    click('identity-born-fr');
    await settle(harness);
    type('identity-commune', '69123');
    await submit();
    expect(root.querySelector('#identity-birth-date-error')?.textContent).toContain('Date de naissance invalide');
    expect(root.querySelector('#identity-birth-date')?.getAttribute('aria-invalid')).toBe('true');
    http.expectNone((r) => r.method === 'PUT');

    type('identity-birth-date', '1975-04-12');
    await submit();
    const put = http.expectOne((r) => r.method === 'PUT' && r.url === '/api/patients/me');
    expect(put.request.body).toEqual({
      birthName: 'Garnier',
      firstNames: 'Louise Anne',
      birthDate: '1975-04-12',
      sex: 'F',
      birthPlace: { bornInFrance: true, communeInsee: '69123' },
    });
    put.flush(recorded());
    await settle(harness);
    expect(root.querySelector('[role="status"]')?.textContent).toContain('Votre identité est enregistrée');
  });

  it('locks what the practice verified and says why', async () => {
    const { root, input } = await render(recorded({ identityStatus: 'VALIDATED' }));
    expect(root.textContent).toContain('vérifiée par votre cabinet');
    expect(input('identity-birth-name').disabled).toBe(true);
    expect(input('identity-birth-date').disabled).toBe(true);
    expect(input('identity-phone').disabled).toBe(false);
    expect(input('identity-phone').value).toBe('0612345678');
  });
});
