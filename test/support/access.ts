import { testCity } from './hub.js';

/** The city of the access tests, and the resident whose record they ask for. */
export const city = testCity();
export const someone = city.person(7);
export const PERSON_QUERY =
  'query ($id: String!) { person(idNumber: $id) { idNumber name phone birthDate healthCode { color } } }';

/** The hub of the access tests: low limits (aliases, anonymous rate) and one allowed origin. */
export const ACCESS_HUB_SETTINGS = {
  limits: { anonymousRequestsPerMinute: 40, maxAliases: 60 },
  corsOrigins: ['http://localhost:4000'],
};
