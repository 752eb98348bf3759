/**
 * Errors of the crypto library. Their messages are French because the web app
 * shows them as they are; they never contain key material or plaintext.
 */
export class CryptoError extends Error {
  constructor(
    readonly code:
      | 'WRONG_SECRET'
      | 'NOT_AN_ENCRYPTED_MESSAGE'
      | 'INVALID_PUBLIC_KEY'
      | 'INVALID_PRIVATE_KEY'
      | 'NOT_A_RECIPIENT',
    message: string,
  ) {
    super(message);
    this.name = 'CryptoError';
  }
}
