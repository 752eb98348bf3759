export * from './lib/messaging.module';
export { RealtimePublisher, accountRoom } from './lib/realtime/realtime-publisher';
export { MESSAGE_WAITING_NOTIFIER, type MessageWaitingNotifier } from './lib/notifications/message-waiting-notifier';
export { FILE_STORE, type FileStore, LocalFileStore, FileTooLarge } from './lib/attachments/file-store';
