import { PracticeMemberView } from '@passerelle/shared/contracts';
import { assignableMembers, assigneeText, assignmentNotice, memberLabel } from './assignees';

const member = (accountId: string, displayName: string, role: PracticeMemberView['role']): PracticeMemberView => ({
  accountId, displayName, role, email: `${accountId}@exemple.fr`, since: '2026-01-01T00:00:00Z', practitionerId: role === 'PRACTITIONER' ? `pr-${accountId}` : null,
});
const members = [member('claire', 'Dr Claire Martin', 'PRACTITIONER'), member('karim', 'Dr Karim Benali', 'PRACTITIONER'), member('sophie', 'Sophie Lefèvre', 'SECRETARY')];

describe('thread assignment wording', () => {
  it('offers me first, then the others with the secretaries marked', () => {
    expect(assignableMembers(members, 'karim').map((m) => memberLabel(m, 'karim'))).toEqual([
      'Moi (Dr Karim Benali)',
      'Dr Claire Martin',
      'Sophie Lefèvre (secrétariat)',
    ]);
  });

  it('says who handles a thread, a former member included', () => {
    expect(assigneeText(null, members, 'claire')).toBe('Non attribuée.');
    expect(assigneeText('claire', members, 'claire')).toBe('Vous traitez cette conversation.');
    expect(assigneeText('sophie', members, 'claire')).toBe('Attribuée à Sophie Lefèvre.');
    expect(assigneeText('parti', members, 'claire')).toBe('Attribuée à un ancien membre du cabinet.');
  });

  it('confirms an assignment in words that differ from the line that stays on screen', () => {
    expect(assignmentNotice('sophie', members, 'claire')).toBe('Attribution enregistrée : Sophie Lefèvre.');
    expect(assignmentNotice(null, members, 'claire')).toMatch(/^Attribution retirée/);
    expect(assignmentNotice('claire', members, 'claire')).not.toContain(assigneeText('claire', members, 'claire'));
  });
});
