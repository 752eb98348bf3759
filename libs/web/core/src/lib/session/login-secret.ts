import { Injectable } from '@angular/core';

/** How long the password typed at login stays in memory for the next step (second factor included). */
export const LOGIN_SECRET_TTL_MS = 5 * 60_000;

/**
 * The password typed at login, held in memory only (never storage) until the
 * messaging key bootstrap takes it, once, to unlock or protect the account's
 * private key. Forgotten after a few minutes if nobody takes it.
 */
@Injectable({ providedIn: 'root' })
export class LoginSecret {
  private secret: string | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  keep(password: string): void {
    this.forget();
    this.secret = password;
    this.timer = setTimeout(() => this.forget(), LOGIN_SECRET_TTL_MS);
  }

  /** The kept password, removed from memory as it is handed over. */
  take(): string | null {
    const secret = this.secret;
    this.forget();
    return secret;
  }

  forget(): void {
    this.secret = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
