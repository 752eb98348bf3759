export * from './lib/messaging.module';
export { RealtimePublisher, accountRoom } from './lib/realtime/realtime-publisher';
export { MESSAGE_WAITING_NOTIFIER, type MessageWaitingNotifier } from './lib/notifications/message-waiting-notifier';
export { FILE_STORE, type FileStore, LocalFileStore, FileTooLarge } from './lib/attachments/file-store';
export { PracticeKeys, type PracticePublicKey } from './lib/keys/practice-keys';
export { MessagingDemoKeys } from './lib/keys/messaging-demo-keys';
export { requireEncryptedTo, OpenPgpHeaderTap, OPENPGP_HEADER_BYTES } from './lib/encryption/encrypted-content';
export { InvalidEncryptedContent, EncryptionKeysMissing, PayloadTooLarge, UnsupportedMediaType } from './lib/messaging-errors';
