import { PracticeMemberView } from '@passerelle/shared/contracts';

/** A member as offered in "Attribuer à" and the inbox filter: "Moi (…)" first, then the role for the others. */
export function memberLabel(member: PracticeMemberView, me: string | undefined): string {
  if (member.accountId === me) return `Moi (${member.displayName})`;
  return member.role === 'SECRETARY' ? `${member.displayName} (secrétariat)` : member.displayName;
}

/** Me first, then the practice's members in the API's order (practitioners, then secretaries). */
export function assignableMembers(members: PracticeMemberView[], me: string | undefined): PracticeMemberView[] {
  return [...members.filter((m) => m.accountId === me), ...members.filter((m) => m.accountId !== me)];
}

/** Who handles a thread, in words. */
export function assigneeText(accountId: string | null, members: PracticeMemberView[], me: string | undefined): string {
  if (accountId === null) return 'Non attribuée.';
  if (accountId === me) return 'Vous traitez cette conversation.';
  const member = members.find((m) => m.accountId === accountId);
  return member ? `Attribuée à ${member.displayName}.` : 'Attribuée à un ancien membre du cabinet.';
}

/** The status line after an assignment (worded unlike assigneeText, which stays on screen). */
export function assignmentNotice(accountId: string | null, members: PracticeMemberView[], me: string | undefined): string {
  if (accountId === null) return 'Attribution retirée : la conversation n’est plus attribuée.';
  if (accountId === me) return 'Attribution enregistrée : c’est vous qui la traitez.';
  return `Attribution enregistrée : ${members.find((m) => m.accountId === accountId)?.displayName ?? 'membre du cabinet'}.`;
}
