// The port lives in the platform library so that any module can send e-mails
// (auth's password-reset links included) without depending on this one.
export { MailTransport, type MailMessage } from '@passerelle/api/platform';
