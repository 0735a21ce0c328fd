export * from './geography.js';
export * from './names.js';
export * from './people.js';
export * from './presets.js';
export * from './random.js';
export * from './regions.js';
export * from './seeding.js';
export * from './enterprises.js';
