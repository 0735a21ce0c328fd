import { refusalsOf } from '@cityhub/kit';

/** The codes of refused state changes; each says which rule was broken, and nothing was changed. */
export const REFUSALS = {
  enterpriseNotFound: 'ENTERPRISE_NOT_FOUND',
  enterpriseClosed: 'ENTERPRISE_CLOSED',
  filingNotFound: 'FILING_NOT_FOUND',
  filingAlreadyActive: 'FILING_ALREADY_ACTIVE',
  filingClosed: 'FILING_CLOSED',
  filingNotOpen: 'FILING_NOT_OPEN',
  filingNotSubmitted: 'FILING_NOT_SUBMITTED',
  filingAlreadyReviewed: 'FILING_ALREADY_REVIEWED',
  registrationNotFound: 'REGISTRATION_NOT_FOUND',
  registrationAlreadyDecided: 'REGISTRATION_ALREADY_DECIDED',
  noPendingRegistrations: 'NO_PENDING_REGISTRATIONS',
  pendingRegistrations: 'PENDING_REGISTRATIONS',
  noApprovedRegistrations: 'NO_APPROVED_REGISTRATIONS',
  shopNotFound: 'SHOP_NOT_FOUND',
} as const;

export const refuse = refusalsOf(REFUSALS);
