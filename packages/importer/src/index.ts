export * from './field-readers.js';
export * from './import-job-store.js';
export * from './import-tables.js';
export * from './mapping.js';
export * from './progress-printer.js';
export * from './record-reader.js';
export * from './run-import.js';
export * from './import-job-api.js';
