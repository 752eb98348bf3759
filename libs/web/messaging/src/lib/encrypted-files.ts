/**
 * What other features use of the messaging's keys, loaded on demand with
 * OpenPGP (see loadMessagingCrypto): the SAS appointment panel opens files
 * encrypted to the practice key with the practice's unlocked key.
 */
export { MessagingKeyring } from './keys/messaging-keyring';
export { MessageCrypto } from './thread/message-crypto';
