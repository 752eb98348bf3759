export { CryptoError } from './lib/errors';
export { UnlockedPrivateKey, generateKeyPair, readPublicKeyInfo, type PublicKeyInfo } from './lib/keys';
export {
  PBKDF2_ITERATIONS,
  protectPrivateKey,
  unlockPrivateKey,
  reprotectPrivateKey,
  protectedKeyFingerprint,
  type ProtectedPrivateKey,
} from './lib/password-protection';
export {
  createRecoveryKit,
  unlockWithRecoveryKit,
  normaliseRecoverySecret,
  type RecoveryKit,
} from './lib/recovery-kit';
export { sharePracticeKey, openPracticeKey, type PracticeKeyCopy } from './lib/practice-key';
export {
  encryptText,
  encryptFile,
  decryptText,
  decryptFile,
  type SignatureStatus,
  type DecryptedMessage,
  type EncryptOptions,
  type DecryptOptions,
} from './lib/messages';
export { readRecipients, isEncryptedToExactly, namesExactly, type EncryptedMessageHeader } from './lib/recipients';
