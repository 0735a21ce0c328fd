import { departmentEnvironment, parseConfig } from '@cityhub/kit';
import { z } from 'zod';

/** The market-regulation department's own settings, beyond those every subgraph shares. */
export const enterprisesEnvironment = departmentEnvironment({
  // A month moving by more than this share of the earlier figure raises an early warning (±30% by default).
  ENTERPRISES_WARNING_SHARE: z.coerce.number().gt(0).max(10).default(0.3),
  // Notices to people go out by SMTP only when a relay is set (smtp://user:pass@host:port); else they are recorded.
  NOTIFY_SMTP_URL: z.string().url().optional(),
  NOTIFY_FROM: z.string().default('cityhub@localhost'),
  // The email-to-SMS gateway's domain: a registrant's phone 138… is mailed as 138…@<domain>.
  NOTIFY_SMS_MAIL_DOMAIN: z.string().optional(),
});

export type EnterprisesSettings = z.infer<typeof enterprisesEnvironment>;
/** @deprecated the name before settings reached the context; use EnterprisesSettings. */
export type EnterprisesConfig = EnterprisesSettings;

/**
 * The settings read from the environment, for code that runs outside a request (the seed).
 * The subgraph process parses the same schema at start, before it listens, so a bad value stops
 * it there; resolvers should read `context.settings` instead.
 */
export function enterprisesConfig(): EnterprisesSettings {
  return parseConfig(enterprisesEnvironment);
}
