import { provideHttpClient } from '@angular/common/http';
import {
  HttpTestingController,
  provideHttpClientTesting,
} from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { AUTH_ROUTES, MfaEnrolmentResult } from '@passerelle/shared/contracts';
import { SessionStore } from '@passerelle/web/core';
import { MfaEnrolmentPage } from './mfa-enrolment-page';

/** Lets the page's async handlers resume after an HTTP answer, then renders. */
async function settle(fixture: ComponentFixture<unknown>): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve));
  await fixture.whenStable();
}

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DP';

/** qrcode renders asynchronously, outside Angular's knowledge. */
async function until(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 100 && !condition(); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('MfaEnrolmentPage', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [MfaEnrolmentPage],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
      ],
    });
  });

  async function renderStarted() {
    const fixture = TestBed.createComponent(MfaEnrolmentPage);
    const http = TestBed.inject(HttpTestingController);
    fixture.detectChanges();
    http.expectOne(AUTH_ROUTES.mfaEnrolment).flush({
      secret: SECRET,
      otpauthUri: `otpauth://totp/Passerelle:dr.martin%40example.fr?secret=${SECRET}&issuer=Passerelle`,
    });
    const page: HTMLElement = fixture.nativeElement;
    await until(() => {
      fixture.detectChanges();
      return page.querySelector('img') !== null;
    });
    await settle(fixture);
    return { fixture, page, http };
  }

  it('renders the otpauth URI as a QR code image, and the secret for manual entry', async () => {
    const { page } = await renderStarted();

    const image = page.querySelector('img');
    expect(image?.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect(image?.getAttribute('alt')).toContain('QR code');
    expect(
      page.querySelector('[data-testid="mfa-secret"]')?.textContent?.trim(),
    ).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP');
  });

  it('shows the recovery codes once, and signs in only when they are noted', async () => {
    const { fixture, page, http } = await renderStarted();
    const store = TestBed.inject(SessionStore);
    const navigate = jest
      .spyOn(TestBed.inject(Router), 'navigateByUrl')
      .mockResolvedValue(true);

    const code = page.querySelector<HTMLInputElement>('#enrolment-code');
    expect(code?.getAttribute('autocomplete')).toBe('one-time-code');
    expect(code?.getAttribute('inputmode')).toBe('numeric');
    if (!code) throw new Error('no code field');
    code.value = '123 456';
    code.dispatchEvent(new Event('input'));
    page.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
    await settle(fixture);

    const result: MfaEnrolmentResult = {
      recoveryCodes: ['abcde-fghij', 'klmno-pqrst'],
      session: {
        account: {
          id: 'a',
          email: 'dr.martin@example.fr',
          displayName: 'Dr Martin',
          role: 'PRACTITIONER',
          mfaEnabled: true,
        },
        stage: 'authenticated',
        idleExpiresAt: '2030-01-01T00:00:00.000Z',
        absoluteExpiresAt: '2030-01-01T00:00:00.000Z',
      },
    };
    const confirm = http.expectOne(AUTH_ROUTES.mfaEnrolmentConfirm);
    expect(confirm.request.body).toEqual({ code: '123456' });
    confirm.flush(result);
    await settle(fixture);

    const codes = Array.from(
      page.querySelectorAll('[data-testid="recovery-codes"] li'),
    ).map((li) => li.textContent?.trim());
    expect(codes).toEqual(['abcde-fghij', 'klmno-pqrst']);
    expect(store.isAuthenticated()).toBe(false);

    const noted = Array.from(page.querySelectorAll('button')).find(
      (button) =>
        button.textContent?.trim() === "J'ai noté mes codes de secours",
    );
    noted?.click();
    await settle(fixture);

    expect(store.isAuthenticated()).toBe(true);
    expect(navigate).toHaveBeenCalledWith('/cabinet');
  });

  it('sends a patient without a recent password confirmation back to the security page', async () => {
    const fixture = TestBed.createComponent(MfaEnrolmentPage);
    const http = TestBed.inject(HttpTestingController);
    fixture.detectChanges();
    http.expectOne(AUTH_ROUTES.mfaEnrolment).flush(
      {
        statusCode: 401,
        code: 'REAUTHENTICATION_REQUIRED',
        message: 'Ré-authentification requise.',
      },
      { status: 401, statusText: 'Unauthorized' },
    );
    await settle(fixture);

    const page: HTMLElement = fixture.nativeElement;
    expect(page.querySelector('[role="alert"]')?.textContent).toContain(
      'Veuillez confirmer votre mot de passe',
    );
    expect(page.querySelector('a')?.getAttribute('href')).toBe(
      '/compte/securite',
    );
  });
});
