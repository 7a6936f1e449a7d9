import nodemailer from 'nodemailer';

/** One message as the outbox hands it to the transport (plain text; HTML optional). */
export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Stable per outbox row (`<outbox-ID@host>`), so a receiver can drop a repeated delivery. */
  messageId: string;
}

/** Sends one message or throws; the outbox decides about retries. */
export interface MailTransport {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** SMTP over nodemailer from `SMTP_URL` (smtp://user:pass@host:587, smtps://… for TLS from the start). */
export function createSmtpTransport(smtpUrl: string, options: { timeoutMs?: number } = {}): MailTransport {
  const timeout = options.timeoutMs ?? 30_000;
  const transport = nodemailer.createTransport(smtpUrl, { connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout } as never);
  return {
    async send(message) {
      await transport.sendMail({ from: message.from, to: message.to, subject: message.subject, text: message.text, ...(message.html ? { html: message.html } : {}), messageId: message.messageId });
    },
    close() {
      transport.close();
    },
  };
}
