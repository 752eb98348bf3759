import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { AGENDA_ROUTES, MESSAGING_ROUTES, PracticeMemberView, SessionView, ThreadSummaryView } from '@passerelle/shared/contracts';
import { SessionStore } from '@passerelle/web/core';
import { MessagingRealtime, ThreadFeed } from '../thread/messaging-realtime';
import { PracticeInboxPage } from './practice-inbox-page';

const session: SessionView = {
  account: { id: 'claire', email: 'claire@exemple.fr', displayName: 'Dr Claire Martin', role: 'PRACTITIONER', mfaEnabled: true },
  stage: 'authenticated',
  idleExpiresAt: '2030-01-01T00:00:00.000Z',
  absoluteExpiresAt: '2030-01-01T00:00:00.000Z',
};
const member = (accountId: string, displayName: string, role: PracticeMemberView['role']): PracticeMemberView => ({
  accountId, displayName, role, email: `${accountId}@exemple.fr`, since: '2026-01-01T00:00:00Z', practitionerId: null,
});
const members = [member('claire', 'Dr Claire Martin', 'PRACTITIONER'), member('sophie', 'Sophie Lefèvre', 'SECRETARY')];
const thread = (id: string, assignedToAccountId: string | null, at = '2026-11-22T08:00:00Z'): ThreadSummaryView => ({
  id, purpose: 'ADMINISTRATIVE', state: 'OPEN', patientId: 'p', patientName: 'Jeanne BERNARD', practitionerId: 'd', practitionerName: 'Dr Claire Martin',
  practiceId: 'c', assignedToAccountId, lastSeq: 1, unread: 0, lastMessageAt: at, createdAt: at, archivedByPatient: false,
});

async function settle(fixture: ComponentFixture<unknown>): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve));
    fixture.detectChanges();
  }
}

describe('PracticeInboxPage', () => {
  it('offers every member in the assignee filter, asks the API for one, names who handles each thread, keeps live threads of others out', async () => {
    let feed: ThreadFeed | null = null;
    TestBed.configureTestingModule({ imports: [PracticeInboxPage], providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()] });
    TestBed.overrideComponent(PracticeInboxPage, { set: { providers: [{ provide: MessagingRealtime, useValue: { follow: (_: unknown, f: ThreadFeed) => (feed = f) } }] } });
    TestBed.inject(SessionStore).establish(session);
    const fixture = TestBed.createComponent(PracticeInboxPage);
    const http = TestBed.inject(HttpTestingController);
    fixture.detectChanges();
    http.expectOne(AGENDA_ROUTES.members).flush(members);
    http.expectOne(MESSAGING_ROUTES.threads).flush([thread('t1', 'sophie'), thread('t2', null)]);
    await settle(fixture);
    const page: HTMLElement = fixture.nativeElement;
    const select = page.querySelector<HTMLSelectElement>('#inbox-assignee');
    expect(Array.from(select?.options ?? []).map((o) => o.textContent?.trim())).toEqual(['Tout le monde', 'Moi', 'Personne', 'Sophie Lefèvre (secrétariat)']);
    expect(Array.from(page.querySelectorAll('[data-testid="inbox-assignee"]')).map((p) => p.textContent)).toEqual(['Attribuée à Sophie Lefèvre.', 'Non attribuée.']);

    if (!select) throw new Error('no assignee filter');
    select.value = 'sophie';
    select.dispatchEvent(new Event('change'));
    page.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
    http.expectOne(`${MESSAGING_ROUTES.threads}?assignedTo=sophie`).flush([thread('t1', 'sophie')]);
    await settle(fixture);
    expect(page.querySelectorAll('[data-testid="inbox-thread"]')).toHaveLength(1);

    // Live: a thread handed to someone else stays out of Sophie's list; one handed to her comes in.
    (feed as ThreadFeed | null)?.onThreadChanged?.(thread('t3', 'claire', '2026-11-23T08:00:00Z'));
    (feed as ThreadFeed | null)?.onThreadChanged?.(thread('t4', 'sophie', '2026-11-23T09:00:00Z'));
    await settle(fixture);
    expect(Array.from(page.querySelectorAll('[data-testid="inbox-thread"] a')).map((a) => a.getAttribute('href'))).toEqual(['/cabinet/messagerie/t4', '/cabinet/messagerie/t1']);
    http.verify();
  });
});
