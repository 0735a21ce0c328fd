import { GraphQLError } from 'graphql';

/**
 * The purposes for which personal data may be read unmasked, each registered by the department
 * whose work it serves. A caller states one by its code (header `x-purpose`, ASCII, so that any
 * HTTP client can send it); anything else is refused, so that the audit log says why in words
 * that a reviewer can look up. Free text goes only in `x-purpose-note`, percent-encoded UTF-8.
 */
export interface RegisteredPurpose {
  /** What the caller sends in `x-purpose`, e.g. `health-code-check`. */
  code: string;
  /** The department that registered it. */
  department: string;
  description: string;
  /** The law that allows the processing (个人信息保护法 article 13 and those it refers to). */
  legalBasis: string;
}

const STATUTORY_DUTY =
  'PIPL (个人信息保护法) art. 13(1)(3) and art. 34: necessary for a state organ to perform its statutory duties';
const HEALTH_EMERGENCY =
  'PIPL (个人信息保护法) art. 13(1)(4): necessary to respond to a public-health emergency';

export const REGISTERED_PURPOSES: readonly RegisteredPurpose[] = [
  {
    code: 'health-code-check',
    department: 'population',
    description: 'Checking a resident’s health code (健康码核验)',
    legalBasis: HEALTH_EMERGENCY,
  },
  {
    code: 'epidemic-tracing',
    department: 'population',
    description: 'Tracing the contacts and movements of a case (流调)',
    legalBasis: HEALTH_EMERGENCY,
  },
  {
    code: 'resident-services',
    department: 'population',
    description: 'A street office’s work with the residents of its communities (实有人口管理)',
    legalBasis: STATUTORY_DUTY,
  },
  {
    code: 'filing-review',
    department: 'enterprises',
    description: 'Reviewing an enterprise’s filing and its staff (备案审核)',
    legalBasis: STATUTORY_DUTY,
  },
  {
    code: 'site-inspection',
    department: 'sites',
    description: 'Inspecting a construction site and its workers (工地检查)',
    legalBasis: STATUTORY_DUTY,
  },
  {
    code: 'checkpoint-screening',
    department: 'transport',
    description: 'Screening people through a checkpoint or station (卡口筛查)',
    legalBasis: HEALTH_EMERGENCY,
  },
  {
    code: 'work-order-handling',
    department: 'dispatch',
    description: 'Handling a citizen’s work order, e.g. calling the caller back (工单处置)',
    legalBasis: STATUTORY_DUTY,
  },
  {
    code: 'risk-model-run',
    department: 'risk',
    description: 'The community risk model’s scheduled run (疫情动态分析模型)',
    legalBasis: HEALTH_EMERGENCY,
  },
  {
    code: 'audit-review',
    department: 'audit',
    description: 'Reviewing who read personal data, and why (审计核查)',
    legalBasis: STATUTORY_DUTY,
  },
];

const BY_CODE = new Map(REGISTERED_PURPOSES.map((purpose) => [purpose.code, purpose]));
const MAX_NOTE_LENGTH = 500;

export interface StatedPurpose {
  purpose: string | null;
  purposeNote: string | null;
}

/** A stated purpose the hub does not accept: 400, with the header and what it accepts. */
export class PurposeRefusedError extends GraphQLError {
  constructor(header: string, reason: string) {
    super(`${header}: ${reason}.`, {
      extensions: {
        code: 'BAD_USER_INPUT',
        header,
        reason,
        accepted: header === 'x-purpose' ? [...BY_CODE.keys()] : undefined,
        http: { status: 400 },
      },
    });
  }
}

/** The purpose and decoded note of a request's headers; throws PurposeRefusedError. */
export function statedPurpose(
  code: string | undefined,
  encodedNote: string | undefined,
): StatedPurpose {
  const purpose = code?.trim() || null;
  if (purpose !== null && !BY_CODE.has(purpose))
    throw new PurposeRefusedError(
      'x-purpose',
      'not a registered purpose code; send one of the codes the `purposes` query lists (free text goes in x-purpose-note, percent-encoded)',
    );
  const note = encodedNote?.trim() || null;
  if (note === null) return { purpose, purposeNote: null };
  if (purpose === null)
    throw new PurposeRefusedError('x-purpose-note', 'a note explains a stated x-purpose');
  let decoded: string;
  try {
    decoded = decodeURIComponent(note);
  } catch {
    throw new PurposeRefusedError('x-purpose-note', 'not percent-encoded UTF-8');
  }
  if ([...decoded].length > MAX_NOTE_LENGTH)
    throw new PurposeRefusedError('x-purpose-note', `at most ${MAX_NOTE_LENGTH} characters`);
  return { purpose, purposeNote: decoded };
}
