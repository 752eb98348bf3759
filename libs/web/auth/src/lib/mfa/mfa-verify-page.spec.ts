import { provideHttpClient } from '@angular/common/http';
import {
  HttpTestingController,
  provideHttpClientTesting,
} from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { AUTH_ROUTES } from '@passerelle/shared/contracts';
import { MfaVerifyPage } from './mfa-verify-page';

/** Lets the page's async handlers resume after an HTTP answer, then renders. */
async function settle(fixture: ComponentFixture<unknown>): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve));
  await fixture.whenStable();
}

describe('MfaVerifyPage', () => {
  async function render() {
    TestBed.configureTestingModule({
      imports: [MfaVerifyPage],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
      ],
    });
    const fixture = TestBed.createComponent(MfaVerifyPage);
    await settle(fixture);
    const page: HTMLElement = fixture.nativeElement;
    const label = () =>
      page.querySelector('label[for="mfa-code"]')?.textContent?.trim();
    const input = () => page.querySelector<HTMLInputElement>('#mfa-code');
    const button = (text: string) =>
      Array.from(page.querySelectorAll('button')).find(
        (b) => b.textContent?.trim() === text,
      );
    return {
      fixture,
      page,
      label,
      input,
      button,
      http: TestBed.inject(HttpTestingController),
    };
  }

  it('asks for the 6-digit code, with the one-time-code autocomplete', async () => {
    const { label, input, button } = await render();
    expect(label()).toBe('Code de vérification');
    expect(input()?.getAttribute('autocomplete')).toBe('one-time-code');
    expect(input()?.getAttribute('inputmode')).toBe('numeric');
    expect(button('Valider')).toBeDefined();
  });

  it('switches to a recovery code and sends it as typed', async () => {
    const { fixture, label, input, button, http } = await render();
    button('Utiliser un code de secours')?.click();
    await settle(fixture);

    expect(label()).toBe('Code de secours');
    expect(document.activeElement).toBe(input());
    const field = input();
    if (!field) throw new Error('no code field');
    field.value = ' abcde-fghij ';
    field.dispatchEvent(new Event('input'));
    button('Valider')?.click();
    await settle(fixture);

    expect(http.expectOne(AUTH_ROUTES.mfaVerify).request.body).toEqual({
      code: 'abcde-fghij',
    });
  });

  it('refuses a code that is not 6 digits before calling the API', async () => {
    const { fixture, page, input, button, http } = await render();
    const field = input();
    if (!field) throw new Error('no code field');
    field.value = '12345';
    field.dispatchEvent(new Event('input'));
    button('Valider')?.click();
    await settle(fixture);

    expect(page.querySelector('#mfa-code-error')?.textContent).toContain(
      'Le code doit comporter 6 chiffres.',
    );
    expect(field.getAttribute('aria-describedby')).toBe(
      'mfa-code-hint mfa-code-error',
    );
    http.expectNone(AUTH_ROUTES.mfaVerify);
  });
});
