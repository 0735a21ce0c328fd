import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { makeResidentId } from '@cityhub/kit';

/** Which field a planted bad record must be rejected for, by line. */
export type PlantedProblems = Map<number, string>;

const ORIGINS = ['310104', '420106', '320102', '330106', '510104'];
const COLOURS = ['GREEN', 'GREEN', 'GREEN', 'YELLOW', 'RED'];
const HEADER =
  'id_number,name,phone,origin_code,community_code,address,health_code,health_code_changed_at';

/**
 * Writes a residents CSV as a department's register would export it, with one record in `badEvery`
 * broken in one of eight ways (a wrong check character, a repeated ID number, an unknown community,
 * a line that is not a record...). Returns the broken lines and the field each must be refused for.
 */
export async function writeResidentFile(
  path: string,
  options: { count: number; communities: readonly string[]; badEvery?: number; variant?: number },
): Promise<PlantedProblems> {
  const { count, communities, badEvery = 100, variant = 0 } = options;
  const out = createWriteStream(path);
  const planted: PlantedProblems = new Map();
  let buffer = `${HEADER}\n`;
  for (let i = 0; i < count; i++) {
    const line = i + 2;
    let fields = residentFields(i, communities, variant);
    if (i % badEvery === badEvery / 2) {
      const [field, broken] = breakRecord(fields, (i / badEvery) | 0);
      fields = broken;
      planted.set(line, field);
    }
    buffer += `${fields.join(',')}\n`;
    if (buffer.length > 1 << 16) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  return planted;
}

/** Resident `i`: a unique valid ID number (1,000 birth dates times 1,000 sequence numbers). */
function residentFields(i: number, communities: readonly string[], variant: number): string[] {
  const birth = new Date(Date.UTC(1950, 0, 1) + ((i / 1000) | 0) * 86_400_000 * 17);
  const idNumber = makeResidentId(
    ORIGINS[i % ORIGINS.length]!,
    birth.toISOString().slice(0, 10),
    i % 1000,
  );
  const community = communities[i % communities.length]!;
  return [
    idNumber,
    `居民${i}`,
    `139${String(i).padStart(8, '0')}`,
    ORIGINS[i % ORIGINS.length]!,
    community,
    // A comma in the address makes the field quoted, as spreadsheets write it.
    `"${100 + (i % 900)}弄, ${1 + (i % 30)}号${variant ? ` 变更${variant}` : ''}"`,
    COLOURS[i % COLOURS.length]!,
    i % 3 === 0 ? '2026-11-01T08:00:00+08:00' : '',
  ];
}

function breakRecord(fields: string[], kind: number): [string, string[]] {
  const broken = [...fields];
  switch (kind % 8) {
    case 0: {
      const id = broken[0]!;
      broken[0] = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
      return ['id_number', broken];
    }
    case 1:
      broken[2] = '12345';
      return ['phone', broken];
    case 2:
      broken[4] = '3101049990001';
      return ['community_code', broken];
    case 3:
      broken[6] = 'BLUE';
      return ['health_code', broken];
    case 4:
      broken[1] = '';
      return ['name', broken];
    case 5:
      broken[0] = residentFields(0, ['x'], 0)[0]!; // the first record's ID number again
      return ['id_number', broken];
    case 6:
      broken[7] = 'yesterday';
      return ['health_code_changed_at', broken];
    default:
      return ['record', broken.slice(0, 5)];
  }
}
