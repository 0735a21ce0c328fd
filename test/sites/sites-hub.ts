import { personIdFor } from '@cityhub/kit';
import { TEST_PERSON_ID_KEY } from '../support/constants.js';
import { useTestHub, testCity } from '../support/hub.js';

export const hub = useTestHub();

export const STREET = '310104016';

/** The street supervision query (工地监管): the benchmark drives this one too. */
export const SUPERVISION = `query StreetSupervision($street: ID!, $date: Date!, $first: Int!) {
  street(code: $street) {
    name
    sites(kind: CONSTRUCTION, first: $first) {
      totalCount
      edges { node {
        id name status
        contractor { creditCode name legalRepresentative { name } }
        report(date: $date) { headcount newArrivalCount origins { originCode isKeyRegion workers } }
        screeningCases(status: OPEN) { id workerName arrivedOn originCode person { id residence { community { code name } } } }
      } }
    }
  }
}`;

export function residentsById() {
  const city = testCity();
  return new Map(
    Array.from({ length: city.residentCount }, (_, i) => city.person(i)).map((person) => [
      personIdFor(person.idNumber, TEST_PERSON_ID_KEY),
      person,
    ]),
  );
}
