import { provideHttpClient, withInterceptors } from '@angular/common/http';
import {
  HttpTestingController,
  provideHttpClientTesting,
} from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { AUTH_ROUTES, SessionView } from '@passerelle/shared/contracts';
import { firstValueFrom } from 'rxjs';
import { AccountApi } from '../http/account-api';
import { sessionExpiryInterceptor } from './session-expiry.interceptor';
import { SESSION_EXPIRED_MESSAGE, SessionStore } from './session-store';

const patientSession: SessionView = {
  account: {
    id: 'p1',
    email: 'camille@example.fr',
    displayName: 'Camille Martin',
    role: 'PATIENT',
    mfaEnabled: false,
  },
  stage: 'authenticated',
  idleExpiresAt: '2030-01-01T00:00:00.000Z',
  absoluteExpiresAt: '2030-01-01T00:00:00.000Z',
};

describe('SessionStore', () => {
  let store: SessionStore;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([sessionExpiryInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    store = TestBed.inject(SessionStore);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('restores the session the API knows at start-up', async () => {
    const restored = store.restore();
    http.expectOne(AUTH_ROUTES.session).flush(patientSession);
    await restored;

    expect(store.account()?.displayName).toBe('Camille Martin');
    expect(store.roleLabel()).toBe('Patient');
    expect(store.home()).toBe('/patient');
  });

  it('treats a 401 at start-up as a visitor, without an expiry notice', async () => {
    const restored = store.restore();
    http
      .expectOne(AUTH_ROUTES.session)
      .flush(
        { statusCode: 401, code: 'UNAUTHENTICATED', message: 'Non connecté.' },
        { status: 401, statusText: 'Unauthorized' },
      );
    await restored;

    expect(store.session()).toBeNull();
    expect(store.loginNotice()).toBeNull();
    expect(store.home()).toBe('/connexion');
  });

  it('does not expose the account before the second factor', () => {
    store.establish({ ...patientSession, stage: 'mfa-required' });
    expect(store.account()).toBeNull();
    expect(store.isAuthenticated()).toBe(false);
  });

  it('on a 401 UNAUTHENTICATED, forgets the session and goes to the login with a notice', async () => {
    const navigate = jest
      .spyOn(TestBed.inject(Router), 'navigateByUrl')
      .mockResolvedValue(true);
    store.establish(patientSession);

    const sessions = firstValueFrom(
      TestBed.inject(AccountApi).activeSessions(),
    );
    http.expectOne(AUTH_ROUTES.sessions).flush(
      {
        statusCode: 401,
        code: 'UNAUTHENTICATED',
        message: 'Session expirée.',
      },
      { status: 401, statusText: 'Unauthorized' },
    );

    await expect(sessions).rejects.toMatchObject({ status: 401 });
    expect(store.session()).toBeNull();
    expect(store.loginNotice()).toBe(SESSION_EXPIRED_MESSAGE);
    expect(navigate).toHaveBeenCalledWith('/connexion');
  });

  it('leaves other 401s (re-authentication) to the page', async () => {
    const navigate = jest
      .spyOn(TestBed.inject(Router), 'navigateByUrl')
      .mockResolvedValue(true);
    store.establish(patientSession);

    const change = firstValueFrom(
      TestBed.inject(AccountApi).changePassword({
        newPassword: 'x'.repeat(12),
      }),
    );
    http.expectOne(AUTH_ROUTES.password).flush(
      {
        statusCode: 401,
        code: 'REAUTHENTICATION_REQUIRED',
        message: 'Confirmez.',
      },
      { status: 401, statusText: 'Unauthorized' },
    );

    await expect(change).rejects.toMatchObject({ status: 401 });
    expect(store.session()).not.toBeNull();
    expect(navigate).not.toHaveBeenCalled();
  });

  it('forgets the session on logout even when the API call fails', async () => {
    store.establish(patientSession);
    const logout = store.logout();
    http
      .expectOne(AUTH_ROUTES.logout)
      .flush(null, { status: 500, statusText: 'Server Error' });

    await expect(logout).rejects.toBeDefined();
    expect(store.session()).toBeNull();
  });
});
