import { parseArgs } from 'node:util';
import type { Command } from './command';

export const reminderCommands: Command[] = [
  {
    path: ['erinnerungen', 'senden'],
    usage: 'aqb erinnerungen senden [--stichtag JJJJ-MM-TT]',
    summary: 'Stellt die heute (oder am Stichtag) fälligen Fristen-Erinnerungen in den Postausgang (jede nur einmal) und sendet wartende Mails über SMTP_URL (für cron; der Server tut das jede Minute selbst).',
    async run(args, ctx) {
      const { values } = parseArgs({ args, options: { stichtag: { type: 'string' } }, strict: true });
      const { isRealIsoDate } = await import('../../platform/input');
      if (values.stichtag !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(values.stichtag) || !isRealIsoDate(values.stichtag))) {
        ctx.io.err(`--stichtag: „${values.stichtag}“ ist kein Datum (JJJJ-MM-TT).\n`);
        return 2;
      }
      const { runMailCycle } = await import('../../modules/notifications/service');
      const runtime = await ctx.runtime();
      const result = await runMailCycle(runtime.database, { smtpUrl: ctx.config.smtpUrl, mailFrom: ctx.config.mailFrom, baseUrl: ctx.config.baseUrl }, { via: ctx.via, ...(values.stichtag ? { today: values.stichtag } : {}) });
      if (result.reminders.skipped === 'locked') ctx.io.out('Erinnerungen: ein anderer Prozess plant gerade; nichts neu eingestellt.\n');
      else ctx.io.out(`Erinnerungen: ${result.reminders.reminders} neu, ${result.reminders.mails} Mails in den Postausgang gestellt.\n`);
      if (!result.smtp) ctx.io.out(`Kein SMTP_URL: nichts gesendet, ${result.counts.wartend} Mails warten im Postausgang.\n`);
      else ctx.io.out(`Gesendet: ${result.delivery.sent}, Fehlversuche: ${result.delivery.failed}, wartend: ${result.counts.wartend}, fehlgeschlagen: ${result.counts.fehlgeschlagen}.\n`);
      return 0;
    },
  },
];
