import { passwordProblems } from './password-policy';

describe('passwordProblems', () => {
  it('accepts a long, uncommon passphrase', () => {
    expect(passwordProblems('cheval-agrafe-batterie-correct')).toEqual([]);
  });
  it('refuses fewer than 12 characters, in French', () => {
    expect(passwordProblems('Xk8#pq2!')).toContain('Le mot de passe doit comporter au moins 12 caractères.');
  });
  it('refuses common passwords, also when decorated', () => {
    expect(passwordProblems('password1234')).toHaveLength(1);
    expect(passwordProblems('Motdepasse2024!')[0]).toMatch(/trop courant/);
    expect(passwordProblems('aaaaaaaaaaaaaa')[0]).toMatch(/trop courant/);
  });
  it("refuses a password built on the user's e-mail or name", () => {
    expect(passwordProblems('claire.martin-2026', { email: 'claire.martin@exemple.fr' })).toContain(
      'Le mot de passe ne doit pas contenir votre nom ni votre adresse e-mail.',
    );
    expect(passwordProblems('xxDurandFamille99', { names: ['Durand'] })).toHaveLength(1);
  });
});
