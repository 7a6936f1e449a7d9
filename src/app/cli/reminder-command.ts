import { parseArgs } from 'node:util';
import type { Command } from './command';

export const reminderCommands: Command[] = [
  {
    path: ['erinnerungen', 'senden'],
    usage: 'aqb erinnerungen senden',
    summary: 'Stellt die heute fälligen Fristen-Erinnerungen in den Postausgang (jede nur einmal) und sendet wartende Mails über SMTP_URL (für cron).',
    async run(args, ctx) {
      parseArgs({ args, options: {}, strict: true });
      const { runMailCycle } = await import('../../modules/notifications/service');
      const runtime = await ctx.runtime();
      const result = await runMailCycle(runtime.database, { smtpUrl: ctx.config.smtpUrl, mailFrom: ctx.config.mailFrom, baseUrl: ctx.config.baseUrl });
      if (result.reminders.skipped === 'locked') ctx.io.out('Erinnerungen: ein anderer Prozess plant gerade; nichts neu eingestellt.\n');
      else ctx.io.out(`Erinnerungen: ${result.reminders.reminders} neu, ${result.reminders.mails} Mails in den Postausgang gestellt.\n`);
      if (!result.smtp) ctx.io.out(`Kein SMTP_URL: nichts gesendet, ${result.counts.wartend} Mails warten im Postausgang.\n`);
      else ctx.io.out(`Gesendet: ${result.delivery.sent}, Fehlversuche: ${result.delivery.failed}, wartend: ${result.counts.wartend}, fehlgeschlagen: ${result.counts.fehlgeschlagen}.\n`);
      return 0;
    },
  },
];
