/**
 * Where a feed is published: the NATS subject (`cityhub.feeds.<department>.<feed>`), the
 * JetStream stream that keeps every feed subject, the durable consumer, and the MQTT topic
 * devices publish to (`cityhub/feeds/<department>/<feed>/<device>`). A prefix lets test runs and
 * several hubs share one server.
 */
export function feedSubject(
  feedName: string,
  prefix = '',
): { stream: string; subject: string; streamSubjects: string; durable: string } {
  const clean = prefix.replace(/[^A-Za-z0-9_-]/g, '_');
  const root = `${clean ? `${clean}.` : ''}cityhub.feeds`;
  return {
    stream: `${clean}CITYHUB_FEEDS`,
    subject: `${root}.${feedName}`,
    streamSubjects: `${root}.>`,
    durable: feedName.replace(/[^A-Za-z0-9_-]/g, '-'),
  };
}

export function feedTopic(feedName: string, prefix = ''): string {
  return `${prefix}cityhub/feeds/${feedName.replace(/\./g, '/')}`;
}
