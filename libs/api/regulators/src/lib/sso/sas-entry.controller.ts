import { Controller, Get, Next, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { NextFunction, Response } from 'express';
import { AuditTrail } from '@passerelle/api/audit';
import { actorOf, AuthenticatedRequest, clientOf, Public, SessionService, setSessionCookies } from '@passerelle/api/auth';
import { AppConfig } from '@passerelle/api/config';
import { AccountRepository } from '@passerelle/api/identity';
import { RegulatorRepository } from '../regulator.repository';
import { PscLogin } from './psc-login';
import { isSasOrigin, practitionerParam, regulatorLanding, sasHtmlPage } from './sas-entry';

const LOGIN_PAGE = '/connexion';

/**
 * The SAS platform's way in ("flux V2"): the URL in each Slot's `comment`.
 * With `origin=sas…`, a regulator's session gets regulator privileges (and
 * the regulator lands on the practitioner's slots); without a session the
 * regulator is sent to Pro Santé Connect. Without `origin=sas`, nobody gets
 * regulator privileges here. Answers are HTML with a login or error word,
 * as the national kit (no cookies, ≤ 3 redirects) reads them.
 */
@ApiTags('sas')
@Public()
@Controller('api')
export class SasEntryController {
  constructor(
    private readonly psc: PscLogin,
    private readonly regulators: RegulatorRepository,
    private readonly accounts: AccountRepository,
    private readonly sessions: SessionService,
    private readonly audit: AuditTrail,
    private readonly config: AppConfig,
  ) {}

  @Get('sas/rendez-vous')
  async enter(@Query('praticien') praticien: unknown, @Query('origin') origin: unknown, @Req() req: AuthenticatedRequest, @Res() res: Response, @Next() next: NextFunction): Promise<void> {
    const practitionerId = practitionerParam(praticien);
    const auth = req.auth;
    const signedIn = auth && SessionService.stageOf(auth.account, auth.session) === 'authenticated' ? auth : null;
    if (!isSasOrigin(origin)) {
      await this.audit.record({ actor: actorOf(req), action: 'sas.entry', result: 'DENIED', details: { reason: 'no-sas-origin' } });
      this.page(res, signedIn ? 403 : 401, 'Connexion requise', 'Cette page de prise de rendez-vous est réservée aux régulateurs du SAS, depuis la plateforme numérique du SAS. Erreur : lien ouvert sans l’origine SAS.', {
        href: LOGIN_PAGE,
        label: 'Aller à la page de connexion',
      });
      return;
    }
    if (signedIn) {
      if (signedIn.account.role !== 'REGULATOR') {
        await this.audit.record({ actor: actorOf(req), action: 'sas.entry', result: 'DENIED', details: { reason: 'not-a-regulator' } });
        this.page(res, 403, 'Accès réservé aux régulateurs', 'Votre compte n’est pas un compte régulateur : connectez-vous avec votre compte « Régulateur ».', { href: LOGIN_PAGE, label: 'Changer de compte' });
        return;
      }
      await this.sessions.markSasOrigin(signedIn.session);
      await this.audit.record({ actor: actorOf(req), action: 'sas.entry', result: 'SUCCESS', details: { via: 'session' } });
      res.redirect(303, regulatorLanding(practitionerId));
      return;
    }
    if (!this.psc.configured) {
      res.redirect(303, `${LOGIN_PAGE}?retour=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    await this.psc.authenticate(req, res, next, req.originalUrl);
  }

  /** Pro Santé Connect sends the regulator back here. */
  @Get('auth/psc/callback')
  async callback(@Req() req: AuthenticatedRequest, @Res() res: Response, @Next() next: NextFunction): Promise<void> {
    if (!this.psc.configured) {
      this.page(res, 404, 'Erreur', 'La connexion Pro Santé Connect n’est pas disponible sur ce serveur.');
      return;
    }
    let identity = null;
    try {
      identity = await this.psc.authenticate(req, res, next);
    } catch {
      identity = null;
    }
    const returnTo = this.psc.returnTo(req);
    this.psc.clearLoginState(res);
    const accountId = identity ? await this.regulators.accountOfPscIdentity(identity.sub, identity.email) : null;
    const account = accountId ? await this.accounts.findById(accountId) : null;
    if (!identity || !account || account.status !== 'ACTIVE') {
      await this.audit.record({ actor: actorOf(req), action: 'auth.psc.login', result: 'DENIED', details: { reason: !identity ? 'psc-refused' : !account ? 'no-regulator' : 'account-not-active' } });
      const message = !identity
        ? 'La connexion Pro Santé Connect a échoué ou a été annulée. Réessayez.'
        : 'Aucun compte régulateur actif ne correspond à votre identité Pro Santé Connect. Adressez-vous à votre administrateur.';
      this.page(res, 403, 'Erreur de connexion', message, { href: LOGIN_PAGE, label: 'Retour à la connexion' });
      return;
    }
    // PSC (CPS or e-CPS) is itself a strong, two-factor authentication.
    const issued = await this.sessions.issue(account, true, clientOf(req), req.auth?.session);
    const entry = returnTo ? new URL(returnTo, this.config.publicUrl) : null;
    const fromSas = entry ? isSasOrigin(entry.searchParams.get('origin')) : false;
    if (fromSas) issued.session = await this.sessions.markSasOrigin(issued.session);
    setSessionCookies(res, issued, this.config.sessionCookieSecure);
    await this.audit.record({ actor: { ...actorOf(req), accountId: account.id, role: account.role }, action: 'auth.psc.login', result: 'SUCCESS', details: { sasOrigin: fromSas } });
    res.redirect(303, regulatorLanding(entry ? practitionerParam(entry.searchParams.get('praticien')) : null));
  }

  private page(res: Response, status: number, title: string, message: string, link?: { href: string; label: string }): void {
    res.status(status).type('html').setHeader('Cache-Control', 'no-store');
    res.send(sasHtmlPage(title, message, link));
  }
}
