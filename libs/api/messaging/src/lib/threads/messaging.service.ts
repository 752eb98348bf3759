import { Injectable } from '@nestjs/common';
import { Actor, AuditTrail } from '@passerelle/api/audit';
import { AccessPolicy } from '@passerelle/api/auth';
import { Account, PeopleRepository } from '@passerelle/api/identity';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '@passerelle/api/platform';
import {
  MessageKind,
  MessageView,
  Role,
  MessagingPractitionerView,
  MessagingSettingsView,
  OpenThreadRequest,
  SendMessageRequest,
  SyncRequest,
  ThreadExportView,
  ThreadListQuery,
  ThreadRecipientsView,
  ThreadState,
  ThreadSummaryView,
  ThreadView,
  UpdateMessagingSettingsRequest,
} from '@passerelle/shared/contracts';
import { KeyRepository } from '../keys/key.repository';
import { EncryptionKeysMissing, MessagingNotAllowed, ThreadLimitReached } from '../messaging-errors';
import { RealtimePublisher } from '../realtime/realtime-publisher';
import { requireEncryptedTo } from '../encryption/encrypted-content';
import { MessagingEligibility } from './eligibility.service';
import { ThreadRecord, ThreadRepository } from './thread.repository';

/** Who a thread's messages and attachments are encrypted to, as refusals name them. */
export const THREAD_RECIPIENTS = 'le patient, le praticien et le cabinet';

/** Who takes part in messaging threads: the patient and the practice's staff. */
export const MESSAGING_ROLES = ['PATIENT', 'PRACTITIONER', 'SECRETARY'] as const satisfies readonly Role[];

/** A renewal action and what it does to the thread. */
type ThreadAction = 'message' | 'renew' | 'refuse' | 'ask-to-book' | 'close';

const ACTION_KIND: Record<ThreadAction, MessageKind> = {
  message: 'TEXT',
  renew: 'RENEWED',
  refuse: 'REFUSED',
  'ask-to-book': 'BOOKING_REQUESTED',
  close: 'CLOSED',
};

/**
 * Threads and messages. Every access goes through AccessPolicy
 * (canAccessPracticeRecord) and is audited; bodies are accepted only as
 * OpenPGP messages encrypted to exactly the patient, the practitioner and the
 * practice (requireEncryptedTo). Live events follow the database commit.
 */
@Injectable()
export class Messaging {
  constructor(
    private readonly threads: ThreadRepository,
    private readonly keys: KeyRepository,
    private readonly people: PeopleRepository,
    private readonly access: AccessPolicy,
    private readonly audit: AuditTrail,
    private readonly eligibility: MessagingEligibility,
    private readonly publisher: RealtimePublisher,
  ) {}

  async myPractitioners(account: Account): Promise<MessagingPractitionerView[]> {
    const patientId = await this.requirePatientId(account);
    return this.eligibility.myPractitioners(patientId, account.id);
  }

  async open(account: Account, actor: Actor, request: OpenThreadRequest): Promise<ThreadView> {
    const practitioner = await this.threads.practitioner(request.practitionerId);
    if (!practitioner) throw new NotFound('Praticien introuvable.');
    let patientId: string;
    let weeklyLimit: number | null = null;
    if (account.role === 'PATIENT') {
      patientId = await this.requirePatientId(account);
      const treated = await this.people.hasCareRelationship(patientId, practitioner.id);
      const eligibility = await this.eligibility.check(patientId, account.id, practitioner, treated);
      if (!eligibility.allowed) {
        await this.audit.record({ actor, action: 'messaging.thread.open', result: 'DENIED', resourceType: 'Practitioner', resourceId: practitioner.id, patientId });
        if (practitioner.weeklyThreadLimit !== null && eligibility.threadsOpenedThisWeek >= practitioner.weeklyThreadLimit && treated && practitioner.messagingEnabled) {
          throw new ThreadLimitReached(practitioner.weeklyThreadLimit);
        }
        throw eligibility.refusal?.startsWith('Activez') || eligibility.refusal?.includes("n'est pas encore prête")
          ? new EncryptionKeysMissing(eligibility.refusal)
          : new MessagingNotAllowed(eligibility.refusal ?? 'Conversation impossible.');
      }
      weeklyLimit = practitioner.weeklyThreadLimit;
    } else {
      // Practice staff: any patient of their practice, with this practice's practitioner.
      if (!request.patientId) {
        throw new ValidationFailed('Choisissez le patient.', { patientId: ['Choisissez le patient.'] });
      }
      patientId = request.patientId;
      const record = { patientId, practiceId: practitioner.practiceId };
      if (!(await this.access.isPracticeStaff(account, practitioner.practiceId)) || !(await this.access.canAccessPracticeRecord(account, record))) {
        await this.audit.record({ actor, action: 'messaging.thread.open', result: 'DENIED', resourceType: 'Practitioner', resourceId: practitioner.id, patientId });
        throw new Forbidden("Vous ne pouvez écrire qu'aux patients de votre cabinet.");
      }
      if (!(await this.people.hasCareRelationship(patientId, practitioner.id))) {
        await this.audit.record({ actor, action: 'messaging.thread.open', result: 'DENIED', resourceType: 'Practitioner', resourceId: practitioner.id, patientId });
        throw new MessagingNotAllowed("Ce patient n'est pas suivi par ce praticien.");
      }
    }
    const patient = await this.threads.patient(patientId);
    if (!patient?.accountId) {
      throw new EncryptionKeysMissing("Ce patient n'a pas de compte Passerelle : la messagerie sécurisée lui est indisponible.");
    }
    await requireEncryptedTo(request.body, await this.requiredKeyIdsOfAccounts(patient.accountId, practitioner.accountId, practitioner.practiceId), THREAD_RECIPIENTS);
    const opened = await this.threads.openThread({
      patientId,
      practitionerId: practitioner.id,
      practiceId: practitioner.practiceId,
      purpose: request.purpose,
      openedByAccountId: account.id,
      body: request.body,
      weeklyLimit,
    });
    if (!opened) {
      await this.audit.record({ actor, action: 'messaging.thread.open', result: 'DENIED', resourceType: 'Practitioner', resourceId: practitioner.id, patientId, details: { reason: 'weekly-limit' } });
      throw new ThreadLimitReached(weeklyLimit ?? 0);
    }
    await this.audit.record({ actor, action: 'messaging.thread.open', result: 'SUCCESS', resourceType: 'MessageThread', resourceId: opened.thread.id, patientId });
    await this.publishMessage(opened.thread, opened.message, account.id);
    return this.threads.threadView(opened.thread.id, account.id);
  }

  /** Practice staff about to write to a patient: the patient's public key (and the practice's). */
  async patientKeys(account: Account, actor: Actor, patientId: string): Promise<{ patient: string; practice: string }> {
    const [practiceId] = await this.people.activePracticeIds(account.id);
    if (!practiceId || !(await this.access.canAccessPracticeRecord(account, { patientId, practiceId }))) {
      await this.audit.record({ actor, action: 'messaging.patient-key.read', result: 'DENIED', resourceType: 'Patient', resourceId: patientId, patientId });
      throw new Forbidden("Vous n'avez pas accès au dossier de ce patient.");
    }
    const patient = await this.threads.patient(patientId);
    const [patientKey, practiceKey] = await Promise.all([
      patient?.accountId ? this.keys.accountKey(patient.accountId) : null,
      this.keys.practiceKey(practiceId),
    ]);
    if (!patientKey) throw new EncryptionKeysMissing("Ce patient n'a pas encore activé sa messagerie sécurisée.");
    if (!practiceKey) throw new EncryptionKeysMissing("La clé du cabinet n'est pas encore créée.");
    return { patient: patientKey.publicKey, practice: practiceKey.publicKey };
  }

  async list(account: Account, actor: Actor, query: ThreadListQuery): Promise<ThreadSummaryView[]> {
    const scope = await this.scopeOf(account);
    const threads = await this.threads.summaries(scope, query, account.id);
    await this.audit.record({ actor, action: 'messaging.thread.list', result: 'SUCCESS', resourceType: 'MessageThread', ...('patientId' in scope ? { patientId: scope.patientId } : {}), details: { count: threads.length } });
    return threads;
  }

  /** Opening a thread: audited every time (it is part of the medical record). */
  async get(account: Account, actor: Actor, threadId: string): Promise<ThreadView> {
    const thread = await this.requireThread(account, actor, threadId, 'messaging.thread.read');
    await this.audit.record({ actor, action: 'messaging.thread.read', result: 'SUCCESS', resourceType: 'MessageThread', resourceId: thread.id, patientId: thread.patientId });
    return this.threads.threadView(thread.id, account.id);
  }

  async recipients(account: Account, actor: Actor, threadId: string): Promise<ThreadRecipientsView> {
    const thread = await this.requireThread(account, actor, threadId, 'messaging.thread.recipients');
    if (!thread.patientAccountId) throw new EncryptionKeysMissing("Ce patient n'a pas de compte Passerelle.");
    const [patientKey, practitionerKey, practiceKey, members] = await Promise.all([
      this.keys.accountKey(thread.patientAccountId),
      this.keys.accountKey(thread.practitionerAccountId),
      this.keys.practiceKey(thread.practiceId),
      this.threads.activeMembers(thread.practiceId),
    ]);
    if (!patientKey || !practitionerKey || !practiceKey) throw new EncryptionKeysMissing('Une des clés de chiffrement de cette conversation manque.');
    // Keys retired after a password reset too: they signed the thread's older messages.
    const senders = await this.keys.signingKeys([thread.patientAccountId, ...members.map((m) => m.accountId)]);
    return {
      patient: { accountId: thread.patientAccountId, publicKey: patientKey.publicKey },
      practitioner: { accountId: thread.practitionerAccountId, publicKey: practitionerKey.publicKey },
      practice: { practiceId: thread.practiceId, publicKey: practiceKey.publicKey },
      senders: senders.map((k) => ({ accountId: k.accountId, publicKey: k.publicKey })),
    };
  }

  /** A message or a renewal action. Who may do what is decided here. */
  async act(account: Account, actor: Actor, threadId: string, action: ThreadAction, request: SendMessageRequest): Promise<MessageView> {
    const auditAction = `messaging.thread.${action}`;
    const thread = await this.requireThread(account, actor, threadId, auditAction);
    const deny = async (message: string): Promise<never> => {
      await this.audit.record({ actor, action: auditAction, result: 'DENIED', resourceType: 'MessageThread', resourceId: thread.id, patientId: thread.patientId });
      throw new Forbidden(message);
    };
    const isPatient = account.role === 'PATIENT';
    const isThreadPractitioner = account.id === thread.practitionerAccountId;
    if (thread.state === 'CLOSED') throw new Conflict('Cette conversation est close : ouvrez-en une nouvelle.');
    if (action === 'renew' || action === 'refuse') {
      if (thread.purpose !== 'RENEWAL') throw new Conflict("Cette conversation n'est pas une demande de renouvellement.");
      if (!isThreadPractitioner) await deny('Seul le praticien de la conversation peut renouveler ou refuser une ordonnance.');
    } else if (action === 'ask-to-book' || action === 'close') {
      if (isPatient) await deny("Cette action est réservée au cabinet.");
    } else if (account.role === 'SECRETARY' && thread.purpose === 'RENEWAL') {
      await deny("Seul le praticien répond à une demande de renouvellement ; vous pouvez l'assigner, proposer un rendez-vous ou la clore.");
    }
    const attachmentIds = request.attachmentIds ?? [];
    if (action === 'renew' && attachmentIds.length === 0) {
      throw new ValidationFailed("Joignez l'ordonnance renouvelée (PDF).", { attachmentIds: ["Joignez l'ordonnance renouvelée (PDF)."] });
    }
    if (action === 'renew') {
      for (const id of attachmentIds) {
        if ((await this.threads.attachment(id))?.mediaType !== 'application/pdf') {
          throw new ValidationFailed("L'ordonnance renouvelée doit être un PDF.", { attachmentIds: ["L'ordonnance renouvelée doit être un PDF."] });
        }
      }
    }
    if (!thread.patientAccountId) throw new EncryptionKeysMissing("Ce patient n'a pas de compte Passerelle.");
    await requireEncryptedTo(request.body, requiredKeyIdsOf(thread), THREAD_RECIPIENTS);
    // The audit row is written by the same statement as the message (its details get the assigned seq).
    const appended = await this.threads.appendMessage(
      { threadId: thread.id, senderAccountId: account.id, kind: ACTION_KIND[action], body: request.body, attachmentIds, state: nextState(action, isPatient) },
      { actor, action: auditAction, result: 'SUCCESS', resourceType: 'MessageThread', resourceId: thread.id, patientId: thread.patientId, details: { attachments: attachmentIds.length } },
    );
    if (!appended) {
      throw new ValidationFailed('Pièce jointe inconnue ou déjà envoyée.', { attachmentIds: ['Pièce jointe inconnue ou déjà envoyée.'] });
    }
    await this.publishMessage({ ...thread, ...appended.thread }, appended.message, account.id);
    return appended.message;
  }

  async markRead(account: Account, actor: Actor, threadId: string, seq: number): Promise<void> {
    const thread = await this.requireThread(account, actor, threadId, 'messaging.thread.mark-read');
    if (seq > thread.lastSeq) throw new ValidationFailed("Ce message n'existe pas.", { seq: ["Ce message n'existe pas."] });
    const lastReadSeq = await this.threads.markRead(thread.id, account.id, seq);
    this.publisher.send(this.audienceOf(thread), 'receipt:read', { threadId: thread.id, accountId: account.id, lastReadSeq });
  }

  async assign(account: Account, actor: Actor, threadId: string, assignee: string | null): Promise<ThreadSummaryView> {
    const thread = await this.requireThread(account, actor, threadId, 'messaging.thread.assign');
    if (account.role === 'PATIENT') throw new Forbidden("L'assignation est réservée au cabinet.");
    if (assignee !== null && !(await this.threads.activeMembers(thread.practiceId)).some((m) => m.accountId === assignee)) {
      throw new ValidationFailed("Cette personne n'est pas membre du cabinet.", { accountId: ["Cette personne n'est pas membre du cabinet."] });
    }
    await this.threads.assign(thread.id, assignee);
    await this.audit.record({ actor, action: 'messaging.thread.assign', result: 'SUCCESS', resourceType: 'MessageThread', resourceId: thread.id, patientId: thread.patientId });
    return this.publishThreadChanged(thread, account.id);
  }

  /** A patient archives (or brings back) a thread for themself; it is never deleted. */
  async archive(account: Account, actor: Actor, threadId: string, archived: boolean): Promise<ThreadSummaryView> {
    const action = archived ? 'messaging.thread.archive' : 'messaging.thread.unarchive';
    const thread = await this.requireThread(account, actor, threadId, action);
    if (account.role !== 'PATIENT') throw new Forbidden("Seul le patient archive ses conversations.");
    await this.threads.setArchived(thread.id, archived);
    await this.audit.record({ actor, action, result: 'SUCCESS', resourceType: 'MessageThread', resourceId: thread.id, patientId: thread.patientId });
    return this.threads.summary(thread.id, account.id);
  }

  /** Right of access (seed 002): every thread of the patient, as ciphertext the browser decrypts. */
  async export(account: Account, actor: Actor): Promise<ThreadExportView> {
    const patientId = await this.requirePatientId(account);
    const ids = await this.threads.threadIdsOfPatient(patientId);
    const threads = [];
    for (const id of ids) threads.push(await this.threads.threadView(id, account.id));
    const senderIds = [...new Set(threads.flatMap((t) => t.messages.map((m) => m.senderAccountId)))];
    const senders = (await this.keys.accountKeys(senderIds)).map((k) => ({ accountId: k.accountId, publicKey: k.publicKey }));
    await this.audit.record({ actor, action: 'messaging.export', result: 'SUCCESS', resourceType: 'Patient', resourceId: patientId, patientId, details: { threads: threads.length } });
    return { exportedAt: new Date().toISOString(), threads, senders };
  }

  /** Catch-up after a disconnect or a restart: what the client misses, in order. */
  async sync(account: Account, actor: Actor, request: SyncRequest): Promise<MessageView[]> {
    const scope = await this.scopeOf(account);
    const since = request.since ? new Date(request.since) : null;
    const known = request.threads;
    const positions = (await this.threads.threadPositions(scope, null))
      .map((t) => ({ threadId: t.id, lastSeq: t.lastSeq, afterSeq: Object.prototype.hasOwnProperty.call(known, t.id) ? known[t.id] : since ? -1 : null }))
      .filter((p): p is { threadId: string; lastSeq: number; afterSeq: number } => p.afterSeq !== null && p.lastSeq > Math.max(p.afterSeq, 0));
    let missing: MessageView[] = [];
    if (positions.some((p) => p.afterSeq >= 0)) {
      missing = await this.threads.messagesAfter(positions.filter((p) => p.afterSeq >= 0).map(({ threadId, afterSeq }) => ({ threadId, afterSeq })));
    }
    if (since && positions.some((p) => p.afterSeq < 0)) {
      const changedSince = new Set((await this.threads.threadPositions(scope, since)).map((t) => t.id));
      const unknown = positions.filter((p) => p.afterSeq < 0 && changedSince.has(p.threadId)).map((p) => ({ threadId: p.threadId, afterSeq: 0 }));
      missing = [...missing, ...(await this.threads.messagesAfter(unknown))];
    }
    if (missing.length > 0) {
      await this.audit.record({ actor, action: 'messaging.sync', result: 'SUCCESS', resourceType: 'MessageThread', ...('patientId' in scope ? { patientId: scope.patientId } : {}), details: { messages: missing.length } });
    }
    return missing;
  }

  /** Typing indicator: only to the other people of the thread. */
  async typing(account: Account, actor: Actor, threadId: string): Promise<void> {
    const thread = await this.requireThread(account, actor, threadId, 'messaging.thread.typing');
    this.publisher.send(this.audienceOf(thread).filter((id) => id !== account.id), 'typing', { threadId: thread.id, accountId: account.id });
  }

  /** Routing settings, no health data: read by any member of the practice, not audited. */
  async settings(account: Account): Promise<MessagingSettingsView> {
    const settings = await this.threads.practiceSettings(await this.staffPracticeId(account));
    if (!settings) throw new NotFound('Cabinet introuvable.');
    return settings;
  }

  async updateSettings(account: Account, actor: Actor, request: UpdateMessagingSettingsRequest): Promise<void> {
    const practiceId = await this.staffPracticeId(account);
    await this.threads.setPracticeSettings(practiceId, request);
    await this.audit.record({ actor, action: 'messaging.settings.update', result: 'SUCCESS', resourceType: 'Practice', resourceId: practiceId });
  }

  async setEnabled(account: Account, actor: Actor, practitionerId: string, enabled: boolean): Promise<void> {
    await this.access.requirePractitionerStaff(account, actor, practitionerId, 'messaging.practitioner.enable');
    if ((await this.people.practitionerIdOfAccount(account.id)) !== practitionerId) {
      await this.audit.record({ actor, action: 'messaging.practitioner.enable', result: 'DENIED', resourceType: 'Practitioner', resourceId: practitionerId });
      throw new Forbidden('Seul le praticien active ou désactive sa messagerie.');
    }
    await this.threads.setMessagingEnabled(practitionerId, enabled);
    await this.audit.record({ actor, action: 'messaging.practitioner.enable', result: 'SUCCESS', resourceType: 'Practitioner', resourceId: practitionerId, details: { enabled } });
  }

  /** Thread members: the thread exists and the account may see it (else audited refusal). */
  async requireThread(account: Account, actor: Actor, threadId: string, action: string): Promise<ThreadRecord> {
    // One statement reads the thread and where the account stands with it; AccessPolicy decides.
    const thread = await this.threads.thread(threadId, account.id);
    if (!thread) throw new NotFound('Conversation introuvable.');
    if (!this.access.practiceRecordAccess(account, thread.viewer)) {
      await this.audit.record({ actor, action, result: 'DENIED', resourceType: 'MessageThread', resourceId: thread.id, patientId: thread.patientId });
      throw new Forbidden("Vous n'avez pas accès à cette conversation.");
    }
    return thread;
  }

  private async requiredKeyIdsOfAccounts(patientAccountId: string, practitionerAccountId: string, practiceId: string): Promise<string[][]> {
    const [patientKey, practitionerKey, practiceKey] = await Promise.all([
      this.keys.accountKey(patientAccountId),
      this.keys.accountKey(practitionerAccountId),
      this.keys.practiceKey(practiceId),
    ]);
    if (!patientKey) throw new EncryptionKeysMissing("Le patient n'a pas encore activé sa messagerie sécurisée.");
    if (!practitionerKey || !practiceKey) throw new EncryptionKeysMissing("La messagerie sécurisée de ce cabinet n'est pas encore prête.");
    return [patientKey.encryptionKeyIds, practitionerKey.encryptionKeyIds, practiceKey.encryptionKeyIds];
  }

  /** The practice a staff member's settings apply to (the first one, like the agenda's settings). */
  private async staffPracticeId(account: Account): Promise<string> {
    const [practiceId] = await this.people.activePracticeIds(account.id);
    if (!practiceId || !(await this.access.isPracticeStaff(account, practiceId))) throw new Forbidden("Vous n'êtes membre d'aucun cabinet.");
    return practiceId;
  }

  private async scopeOf(account: Account): Promise<{ patientId: string } | { practiceIds: string[] }> {
    if (account.role === 'PATIENT') return { patientId: await this.requirePatientId(account) };
    if (account.role === 'PRACTITIONER' || account.role === 'SECRETARY') return { practiceIds: await this.people.activePracticeIds(account.id) };
    throw new Forbidden("Votre profil n'a pas accès à la messagerie.");
  }

  private async requirePatientId(account: Account): Promise<string> {
    const patientId = account.role === 'PATIENT' ? await this.people.patientIdOfAccount(account.id) : null;
    if (!patientId) throw new Forbidden("Votre profil n'a pas accès à la messagerie patient.");
    return patientId;
  }

  /** The patient and the practice's active members (read with the thread). */
  private audienceOf(thread: ThreadRecord): string[] {
    return [...new Set([...(thread.patientAccountId ? [thread.patientAccountId] : []), ...thread.memberAccountIds])];
  }

  /** The new message, then the thread's new state — built from what the request already read, no re-read. */
  private async publishMessage(thread: ThreadRecord, message: MessageView, senderAccountId: string): Promise<void> {
    const audience = this.audienceOf(thread);
    // The patient and the thread's practitioner are told by e-mail when offline; the rest of the staff see the inbox.
    const notify = [thread.patientAccountId, thread.practitionerAccountId].filter((id): id is string => id !== null && id !== senderAccountId);
    // Unread counts are per reader: each client recomputes its own from lastSeq and its receipts.
    const changed = { ...summaryOf(thread), unread: 0 };
    // sendMessage emits before it looks for offline recipients: thread:changed follows message:new at once.
    const notified = this.publisher.sendMessage(audience, message, notify);
    this.publisher.send(audience, 'thread:changed', changed);
    await notified;
  }

  private async publishThreadChanged(thread: ThreadRecord, viewerAccountId: string): Promise<ThreadSummaryView> {
    const summary = await this.threads.summary(thread.id, viewerAccountId);
    this.publisher.send(this.audienceOf(thread), 'thread:changed', { ...summary, unread: 0 });
    return summary;
  }
}

/** Key IDs a message of this thread must be encrypted to: patient, practitioner, practice. */
function requiredKeyIdsOf(thread: ThreadRecord): string[][] {
  const { patient, practitioner, practice } = thread.recipientKeyIds;
  if (!patient) throw new EncryptionKeysMissing("Le patient n'a pas encore activé sa messagerie sécurisée.");
  if (!practitioner || !practice) throw new EncryptionKeysMissing("La messagerie sécurisée de ce cabinet n'est pas encore prête.");
  return [patient, practitioner, practice];
}

function summaryOf(thread: ThreadRecord): Omit<ThreadSummaryView, 'unread'> {
  return {
    id: thread.id,
    purpose: thread.purpose,
    state: thread.state,
    patientId: thread.patientId,
    patientName: thread.patientName,
    practitionerId: thread.practitionerId,
    practitionerName: thread.practitionerName,
    practiceId: thread.practiceId,
    assignedToAccountId: thread.assignedToAccountId,
    lastSeq: thread.lastSeq,
    lastMessageAt: thread.lastMessageAt.toISOString(),
    createdAt: thread.createdAt.toISOString(),
    archivedByPatient: thread.archivedByPatient,
  };
}

function nextState(action: ThreadAction, byPatient: boolean): ThreadState {
  switch (action) {
    case 'renew':
    case 'refuse':
    case 'close':
      return 'CLOSED';
    case 'ask-to-book':
      return 'WAITING_FOR_PATIENT';
    default:
      return byPatient ? 'OPEN' : 'WAITING_FOR_PATIENT';
  }
}
