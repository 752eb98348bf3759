import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { MESSAGING_ROUTES, ThreadSummaryView } from '@passerelle/shared/contracts';
import { MessagingRealtime, ThreadFeed } from '../thread/messaging-realtime';
import { PatientThreadsPage } from './patient-threads-page';

const thread = (id: string, archivedByPatient: boolean): ThreadSummaryView => ({
  id, purpose: 'RENEWAL', state: 'OPEN', patientId: 'p', patientName: 'Jeanne Bernard', practitionerId: 'd', practitionerName: 'Dr Claire Martin',
  practiceId: 'c', assignedToAccountId: null, lastSeq: 1, unread: 0, lastMessageAt: '2026-11-22T08:00:00Z', createdAt: '2026-11-22T08:00:00Z', archivedByPatient,
});

describe('PatientThreadsPage', () => {
  let feed: ThreadFeed | null;

  async function open(url: string) {
    feed = null;
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'messagerie', component: PatientThreadsPage },
          { path: 'messagerie/archives', component: PatientThreadsPage, data: { archived: true } },
        ]),
        provideHttpClient(),
        provideHttpClientTesting(),
      ],
    });
    // No socket in unit tests: the feed is captured and driven by hand.
    TestBed.overrideComponent(PatientThreadsPage, { set: { providers: [{ provide: MessagingRealtime, useValue: { follow: (_: unknown, f: ThreadFeed) => (feed = f) } }] } });
    const harness = await RouterTestingHarness.create();
    const navigation = harness.navigateByUrl(url);
    const http = TestBed.inject(HttpTestingController);
    return { harness, http, navigation };
  }

  const settle = async (harness: RouterTestingHarness) => {
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve));
      harness.detectChanges();
    }
  };

  it('lists the threads not archived, archives one: it leaves the list, the notice says where it went and takes the focus', async () => {
    const { harness, http, navigation } = await open('/messagerie');
    await navigation;
    http.expectOne(`${MESSAGING_ROUTES.threads}?archived=false`).flush([thread('t1', false), thread('t2', false)]);
    await settle(harness);
    const page = harness.routeNativeElement as HTMLElement;
    expect(page.querySelector('h1')?.textContent).toBe('Mes messages');
    expect(page.querySelectorAll('[data-testid="patient-thread"]')).toHaveLength(2);
    const archive = Array.from(page.querySelectorAll<HTMLButtonElement>('[data-testid="patient-thread"] button'))[0];
    expect(archive.textContent?.trim()).toBe('Archiver');
    expect(archive.getAttribute('aria-describedby')).toBe('thread-t1');
    archive.click();
    http.expectOne({ method: 'POST', url: MESSAGING_ROUTES.threadArchive('t1') }).flush(thread('t1', true));
    await settle(harness);
    expect(page.querySelectorAll('[data-testid="patient-thread"]')).toHaveLength(1);
    const notice = page.querySelector('#threads-notice');
    expect(notice?.getAttribute('role')).toBe('status');
    expect(notice?.textContent).toContain('retrouvez-la dans « Archivées »');
    expect(document.activeElement).toBe(notice);
    http.verify();
  });

  it('lists the archived threads on their own page, brings one back; a new message moves another out', async () => {
    const { harness, http, navigation } = await open('/messagerie/archives');
    await navigation;
    http.expectOne(`${MESSAGING_ROUTES.threads}?archived=true`).flush([thread('t1', true), thread('t2', true)]);
    await settle(harness);
    const page = harness.routeNativeElement as HTMLElement;
    expect(page.querySelector('h1')?.textContent).toBe('Conversations archivées');
    expect(page.textContent).toContain('jamais effacée');
    page.querySelector<HTMLButtonElement>('[data-testid="patient-thread"] button')?.click();
    http.expectOne({ method: 'POST', url: MESSAGING_ROUTES.threadUnarchive('t1') }).flush(thread('t1', false));
    await settle(harness);
    expect(page.querySelector('#threads-notice')?.textContent).toContain('Conversation remise dans « En cours ».');
    // The practice answered in t2: the server brought it back, so it leaves the archives.
    feed?.onThreadChanged?.(thread('t2', false));
    await settle(harness);
    expect(page.querySelectorAll('[data-testid="patient-thread"]')).toHaveLength(0);
    expect(page.textContent).toContain('Aucune conversation archivée.');
  });

  it('says so when archiving fails, in the same status line', async () => {
    const { harness, http, navigation } = await open('/messagerie');
    await navigation;
    http.expectOne(`${MESSAGING_ROUTES.threads}?archived=false`).flush([thread('t1', false)]);
    await settle(harness);
    const page = harness.routeNativeElement as HTMLElement;
    page.querySelector<HTMLButtonElement>('[data-testid="patient-thread"] button')?.click();
    http.expectOne(MESSAGING_ROUTES.threadArchive('t1')).flush({ statusCode: 403, code: 'FORBIDDEN', message: "Vous n'avez pas accès à cette conversation." }, { status: 403, statusText: 'Forbidden' });
    await settle(harness);
    expect(page.querySelector('#threads-notice')?.textContent).toContain("Vous n'avez pas accès à cette conversation.");
    expect(page.querySelectorAll('[data-testid="patient-thread"]')).toHaveLength(1);
  });
});
