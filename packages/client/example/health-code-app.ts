import {
  DistrictHealthCodesDocument,
  HealthCodeGateDocument,
  HubClient,
  type HealthCodeColor,
} from '../src/index.js';

export interface HealthCodeGateOptions {
  hubUrl: string;
  apiKey: string;
  fetch?: typeof fetch;
}

/**
 * An integrator's app as the hub's README describes it: the health-code gate at a metro station.
 * It admits a resident whose code is green, and swaps its API key without stopping when the key is
 * rotated (the old secret stays valid for the grace period the hub's administrators chose).
 */
export function createHealthCodeGate(options: HealthCodeGateOptions) {
  let apiKey = options.apiKey;
  const hub = new HubClient({
    url: options.hubUrl,
    apiKey: () => apiKey,
    purpose: 'health-code-check',
    purposeNote: '徐家汇地铁站健康码闸机',
    fetch: options.fetch,
  });
  return {
    async admit(idNumber: string): Promise<{ admitted: boolean; color: HealthCodeColor | null }> {
      const { person } = await hub.request(HealthCodeGateDocument, { idNumber });
      const color = person?.healthCode?.color ?? null;
      return { admitted: color === 'GREEN', color };
    },
    async districtCounts() {
      return (await hub.request(DistrictHealthCodesDocument)).districts;
    },
    /** Takes the rotated key; requests already on their way finish with the old one. */
    useKey(next: string): void {
      apiKey = next;
    },
  };
}
