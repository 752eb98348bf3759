import { ChangeDetectionStrategy, Component, effect, inject, Injector, input, OnDestroy, signal, untracked } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { REGULATION_ROUTES, SasAttachmentView, SasBookingView } from '@passerelle/shared/contracts';
import { SessionStore, toApiError } from '@passerelle/web/core';
import { loadMessagingCrypto, MESSAGING_PAGES } from '@passerelle/web/messaging';
import { apiErrorMessage } from '@passerelle/web/ui';
import { firstValueFrom } from 'rxjs';
import { formatSize } from '../funnel/attachment-uploads';
import { RegulationApi } from '../regulation-api';

/** An attachment decrypted in this tab: an object URL, revoked when the panel goes. */
interface OpenedAttachment {
  url: string;
  type: SasAttachmentView['mediaType'];
}

/** Why the practice key is not at hand. */
type KeyState = 'locked' | 'no-copy' | null;

/**
 * For the practice, inside an appointment booked by the SAS regulation: the
 * regulator's name, the patient identity they typed, their message and the
 * attachments. Encrypted attachments are decrypted here with the practice
 * key (unlocked like the messaging's: with the login password still in
 * memory, else on the unlock page) and their type checked again after
 * decryption — a mismatch is never shown; then previewed or downloaded.
 * Each download is audited by the API.
 */
@Component({
  selector: 'app-sas-appointment-details',
  imports: [RouterLink],
  template: `
    <section class="sas-details" aria-labelledby="sas-details-title">
      <h3 id="sas-details-title"><span class="tag tag--sas">SAS</span> Réservé par la régulation</h3>
      @if (error(); as message) {
        <p class="alert alert--error" role="alert">{{ message }}</p>
      }
      @if (booking(); as b) {
        <dl class="details">
          <div><dt>Régulateur</dt><dd>{{ b.regulator.displayName }}</dd></div>
          <div><dt>Patient</dt><dd>{{ b.patient.civility === 'M' ? 'M.' : 'Mme' }} {{ b.patient.firstName }} {{ b.patient.lastName }} (naissance : {{ b.patient.birthName }}, {{ b.patient.birthDate }}) — identité provisoire</dd></div>
          <div><dt>Téléphone</dt><dd>{{ b.patient.phone }}</dd></div>
          @if (b.patient.email) {
            <div><dt>E-mail</dt><dd>{{ b.patient.email }}</dd></div>
          }
          <div><dt>Déjà consulté</dt><dd>{{ b.alreadyConsulted ? 'Oui' : 'Non' }}</dd></div>
          <div><dt>Message du régulateur</dt><dd class="pre-line">{{ b.message ?? 'Aucun message.' }}</dd></div>
          <div>
            <dt>Pièces jointes</dt>
            <dd>
              @if (keyState() === 'locked') {
                <p class="alert alert--warning" role="status">
                  Les pièces jointes sont chiffrées pour le cabinet : déverrouillez vos clés pour les ouvrir.
                  <a [routerLink]="unlockPage" [queryParams]="{ retour: router.url }">Déverrouiller ma messagerie</a>
                </p>
              } @else if (keyState() === 'no-copy') {
                <p class="alert alert--warning" role="status">
                  La clé du cabinet ne vous a pas encore été partagée : elle le sera à la prochaine connexion d’un membre du cabinet qui l’a.
                </p>
              }
              <ul class="attachment-list">
                @for (a of b.attachments; track a.id) {
                  <li class="attachment">
                    @if (!a.encrypted) {
                      <a [href]="plainUrl(a.id)">{{ a.fileName }}</a> ({{ formatSize(a.sizeBytes) }})
                    } @else if (opened()[a.id]; as file) {
                      @if (file.type === 'application/pdf') {
                        <a [href]="file.url" target="_blank" rel="noopener">Aperçu de « {{ a.fileName }} »</a> ·
                      } @else {
                        <img [src]="file.url" [alt]="'Image jointe : ' + a.fileName" data-testid="sas-attachment-image" style="max-width: 100%" />
                      }
                      <a [href]="file.url" [attr.download]="a.fileName" data-testid="sas-attachment-download">Télécharger « {{ a.fileName }} »</a>
                    } @else {
                      <button type="button" class="button button--secondary button--small" [disabled]="opening() === a.id" (click)="open(a)">
                        Ouvrir « {{ a.fileName }} »
                      </button>
                      ({{ formatSize(a.sizeBytes) }}, chiffrée)
                      @if (opening() === a.id) {
                        <span role="status">Déchiffrement…</span>
                      }
                      @if (openErrors()[a.id]; as message) {
                        <p class="field-error" role="alert">{{ message }}</p>
                      }
                    }
                  </li>
                } @empty {
                  <li>Aucune.</li>
                }
              </ul>
            </dd>
          </div>
        </dl>
      } @else if (!error()) {
        <p class="muted" role="status">Chargement des informations de la régulation…</p>
      }
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SasAppointmentDetails implements OnDestroy {
  private readonly api = inject(RegulationApi);
  private readonly injector = inject(Injector);
  private readonly session = inject(SessionStore);
  protected readonly router = inject(Router);
  readonly appointmentId = input.required<string>();
  protected readonly booking = signal<SasBookingView | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly opened = signal<Record<string, OpenedAttachment>>({});
  protected readonly openErrors = signal<Record<string, string>>({});
  protected readonly opening = signal<string | null>(null);
  protected readonly keyState = signal<KeyState>(null);
  protected readonly formatSize = formatSize;
  protected readonly unlockPage = MESSAGING_PAGES.unlock;

  constructor() {
    effect(() => {
      const id = this.appointmentId();
      this.booking.set(null);
      this.error.set(null);
      untracked(() => this.forgetOpened());
      firstValueFrom(this.api.practiceView(id)).then(
        (b) => this.booking.set(b),
        (e: unknown) => this.error.set(toApiError(e).message),
      );
    });
  }

  ngOnDestroy(): void {
    this.forgetOpened();
  }

  /** Plaintext attachments uploaded before encryption: served as stored. */
  protected plainUrl(id: string): string {
    return REGULATION_ROUTES.practiceAttachment(id);
  }

  protected async open(attachment: SasAttachmentView): Promise<void> {
    this.opening.set(attachment.id);
    this.openErrors.update((e) => ({ ...e, [attachment.id]: '' }));
    try {
      const { MessagingKeyring, MessageCrypto } = await loadMessagingCrypto();
      const keyring = this.injector.get(MessagingKeyring);
      const account = this.session.account();
      if (!account || !(await keyring.unlockWithLoginSecret(account))) {
        this.keyState.set('locked');
        return;
      }
      if (!keyring.practiceKey()) {
        this.keyState.set('no-copy');
        return;
      }
      this.keyState.set(null);
      const encrypted = new Uint8Array(await firstValueFrom(this.api.practiceAttachment(attachment.id)));
      // Regulators have no key pair: the file is unsigned, who sent it is the booking's regulator as the API recorded it.
      const file = await this.injector.get(MessageCrypto).readFile(encrypted, attachment.mediaType, []);
      const url = URL.createObjectURL(new Blob([file.content as Uint8Array<ArrayBuffer>], { type: attachment.mediaType }));
      this.opened.update((o) => ({ ...o, [attachment.id]: { url, type: attachment.mediaType } }));
    } catch (error) {
      const message = error instanceof Error && !('status' in error) ? error.message : apiErrorMessage(toApiError(error));
      this.openErrors.update((e) => ({ ...e, [attachment.id]: message }));
    } finally {
      this.opening.set(null);
    }
  }

  private forgetOpened(): void {
    Object.values(this.opened()).forEach((file) => URL.revokeObjectURL(file.url));
    this.opened.set({});
    this.openErrors.set({});
  }
}
