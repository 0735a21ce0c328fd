/** How each kind of personal data is shown to a caller without the right to see it. */
export type PiiKind =
  'ID_NUMBER' | 'NAME' | 'PHONE' | 'ADDRESS' | 'PLATE' | 'HEALTH' | 'BIRTH_DATE';

export const PII_KINDS: readonly PiiKind[] = [
  'ID_NUMBER',
  'NAME',
  'PHONE',
  'ADDRESS',
  'PLATE',
  'HEALTH',
  'BIRTH_DATE',
];

/** Kinds that have no meaningful masked form: without rights they are withheld (null) instead. */
export const WITHHELD_KINDS: ReadonlySet<PiiKind> = new Set(['HEALTH', 'BIRTH_DATE']);

export function mask(kind: PiiKind, value: string): string {
  switch (kind) {
    case 'ID_NUMBER':
      // 310104********123X: the district of registration and the last four stay, as on printed forms.
      return value.length > 10
        ? `${value.slice(0, 6)}${'*'.repeat(value.length - 10)}${value.slice(-4)}`
        : '*'.repeat(value.length);
    case 'NAME':
      return [...value].length > 1 ? `${[...value][0]}${'*'.repeat([...value].length - 1)}` : '*';
    case 'PHONE':
      return value.length >= 11
        ? `${value.slice(0, 3)}****${value.slice(-4)}`
        : '*'.repeat(value.length);
    case 'ADDRESS': {
      // Keep the road, hide the numbers: 古美路484弄7号602室 → 古美路****
      const road = value.match(/^[^\d]+/)?.[0] ?? '';
      return `${road}****`;
    }
    case 'PLATE':
      return value.length > 3 ? `${value.slice(0, 2)}***${value.slice(-1)}` : '***';
    default:
      return '****';
  }
}
