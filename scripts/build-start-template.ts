// postinstall: prepares the database dump that makes the first `npm start` fast (see
// src/app/start-template.ts). It must never break `npm install`: on any problem it explains and
// exits 0, and the first start simply creates the database from scratch.
import { buildStartTemplate } from '../src/app/start-template';

const started = performance.now();
try {
  const file = await buildStartTemplate();
  process.stdout.write(`AQB-Steuerung: Startdatenbank vorbereitet (${Math.round(performance.now() - started)} ms): ${file}\n`);
} catch (error) {
  process.stdout.write(`AQB-Steuerung: Startdatenbank nicht vorbereitet (${(error as Error).message}); der erste Start dauert dann einige Sekunden länger.\n`);
}
process.exit(0);
