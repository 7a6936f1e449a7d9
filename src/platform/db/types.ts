import { customType } from 'drizzle-orm/pg-core';

/** Binary content (stored PDFs, uploaded files). Both drivers return a Buffer, we hand out Uint8Array. */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType() {
    return 'bytea';
  },
  toDriver(value) {
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  },
  fromDriver(value) {
    return new Uint8Array(value);
  },
});

/** A PostgreSQL full-text document (read back as its text form; the app only writes it through SQL). */
export const tsvector = customType<{ data: string; driverData: string }>({
  dataType() {
    return 'tsvector';
  },
});
