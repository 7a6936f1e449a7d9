import nodemailer from 'nodemailer';

/** A file sent with a mail: `contentBase64` keeps the bytes exact through the outbox's JSON column. */
export interface MailAttachment {
  filename: string;
  /** e.g. `text/calendar; method=REQUEST; charset=utf-8`. */
  contentType: string;
  contentBase64: string;
}

/** One message as the outbox hands it to the transport (plain text; HTML optional). */
export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Stable per outbox row (`<outbox-ID@host>`), so a receiver can drop a repeated delivery. */
  messageId: string;
  attachments?: MailAttachment[];
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
      await transport.sendMail({ from: message.from, to: message.to, subject: message.subject, text: message.text, ...(message.html ? { html: message.html } : {}), messageId: message.messageId,
        ...(message.attachments?.length
          ? { attachments: message.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.contentBase64, 'base64') })) }
          : {}),
      });
    },
    close() {
      transport.close();
    },
  };
}
