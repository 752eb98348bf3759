import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import {
  ActivatedRouteSnapshot,
  CanActivateFn,
  provideRouter,
  Router,
  RouterStateSnapshot,
  UrlTree,
} from '@angular/router';
import { Role, SessionStage, SessionView } from '@passerelle/shared/contracts';
import { anonymousGuard, roleGuard, sessionStageGuard } from './session-guards';
import { SessionStore } from './session-store';

function sessionOf(
  role: Role,
  stage: SessionStage = 'authenticated',
): SessionView {
  return {
    account: {
      id: 'a1',
      email: 'x@example.fr',
      displayName: 'Camille Martin',
      role,
      mfaEnabled: true,
    },
    stage,
    idleExpiresAt: '2030-01-01T00:00:00.000Z',
    absoluteExpiresAt: '2030-01-01T00:00:00.000Z',
  };
}

function run(guard: CanActivateFn, url = '/cabinet'): string | true {
  const result = TestBed.runInInjectionContext(() =>
    guard({} as ActivatedRouteSnapshot, { url } as RouterStateSnapshot),
  );
  if (result instanceof UrlTree) {
    return TestBed.inject(Router).serializeUrl(result);
  }
  if (result === true) {
    return true;
  }
  throw new Error('unexpected guard result');
}

describe('session guards', () => {
  let store: SessionStore;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
      ],
    });
    store = TestBed.inject(SessionStore);
  });

  describe('roleGuard', () => {
    const practiceGuard = roleGuard('PRACTITIONER', 'SECRETARY');

    it('sends a visitor to the login, and back to the page after login', () => {
      expect(run(practiceGuard, '/cabinet')).toBe('/connexion');

      const session = store.establish(sessionOf('SECRETARY'));
      expect(store.nextUrl(session)).toBe('/cabinet');
    });

    it('lets every listed role through', () => {
      store.establish(sessionOf('PRACTITIONER'));
      expect(run(practiceGuard)).toBe(true);
      store.establish(sessionOf('SECRETARY'));
      expect(run(practiceGuard)).toBe(true);
    });

    it('shows "Accès refusé" to another role', () => {
      store.establish(sessionOf('PATIENT'));
      expect(run(practiceGuard)).toBe('/acces-refuse');
    });

    it('sends a login waiting for its second factor to the code page', () => {
      store.establish(sessionOf('PRACTITIONER', 'mfa-required'));
      expect(run(practiceGuard)).toBe('/connexion/code');
    });

    it('sends a professional without a second factor to the enrolment', () => {
      store.establish(sessionOf('ADMIN', 'mfa-enrolment-required'));
      expect(run(roleGuard('ADMIN'))).toBe(
        '/connexion/activer-double-authentification',
      );
    });
  });

  it('anonymousGuard sends a signed-in account to its home', () => {
    expect(run(anonymousGuard)).toBe(true);
    store.establish(sessionOf('REGULATOR'));
    expect(run(anonymousGuard)).toBe('/regulation');
  });

  it('sessionStageGuard only opens the step matching the stage', () => {
    const codeStep = sessionStageGuard('mfa-required');
    expect(run(codeStep)).toBe('/connexion');
    store.establish(sessionOf('PATIENT', 'mfa-required'));
    expect(run(codeStep)).toBe(true);
    store.establish(sessionOf('PATIENT'));
    expect(run(codeStep)).toBe('/patient');
  });

  it('never returns to another origin after login', () => {
    store.rememberReturnUrl('//evil.example/patient');
    expect(store.nextUrl(sessionOf('PATIENT'))).toBe('/patient');
  });
});
