import QRCode from 'qrcode';
import { BadUserInputError } from '@cityhub/kit';

export type QrCodeFormat = 'SVG' | 'PNG';

/** What a filing's QR code encodes: the registration page's link followed by the code, or the code alone. */
export function qrText(code: string, linkBase: string | null | undefined): string {
  if (!linkBase) return code;
  let url: URL;
  try {
    url = new URL(linkBase);
  } catch {
    throw new BadUserInputError('linkBase', 'must be an absolute http or https URL');
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || linkBase.length > 200)
    throw new BadUserInputError(
      'linkBase',
      'must be an http or https URL of at most 200 characters',
    );
  return `${linkBase}${code}`;
}

/** Rendered by the hub itself (node-qrcode), so that no third-party QR service ever sees a filing code. */
export async function renderQrCode(text: string, format: QrCodeFormat) {
  const options = { errorCorrectionLevel: 'M' as const, margin: 2 };
  if (format === 'PNG')
    return {
      format,
      mimeType: 'image/png',
      image: await QRCode.toDataURL(text, { ...options, type: 'image/png', width: 320 }),
      encodedText: text,
    };
  return {
    format,
    mimeType: 'image/svg+xml',
    image: await QRCode.toString(text, { ...options, type: 'svg' }),
    encodedText: text,
  };
}
