import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { AppError } from '../../errors.ts';

export const acceptedPhotoTypes = ['image/jpeg', 'image/png', 'image/webp'] as const;
const acceptedFormats = new Set(['jpeg', 'png', 'webp']);
/** Longest side kept: enough to recognise a child on a phone, small enough for a WeCom image (≤ 2 MB). */
const MAX_SIDE = 1600;

export interface CleanPhoto {
  bytes: Buffer;
  mime: 'image/jpeg';
  width: number;
  height: number;
  sha256: string;
}

/**
 * Decode and re-encode an uploaded photo as JPEG: turned upright by its EXIF orientation, then written without any
 * metadata (sharp keeps none unless asked), so EXIF, GPS, XMP and ICC comments of the phone do not survive.
 * Anything sharp cannot decode, or a format outside JPEG/PNG/WebP, is a 400; the size limit is checked by the
 * caller before the bytes are read in full.
 */
export async function cleanPhoto(input: Buffer): Promise<CleanPhoto> {
  if (input.length === 0) throw new AppError('bad_request', 'Empty photo');
  let format: string | undefined;
  try {
    format = (await sharp(input, { limitInputPixels: 50_000_000 }).metadata()).format;
  } catch {
    throw new AppError('bad_request', 'Not an image (JPEG, PNG or WebP expected)', { reason: 'not_image' });
  }
  if (!format || !acceptedFormats.has(format)) {
    throw new AppError('bad_request', `Image type ${format ?? 'unknown'} not accepted (JPEG, PNG or WebP)`, {
      reason: 'type',
    });
  }
  try {
    const { data, info } = await sharp(input, { limitInputPixels: 50_000_000, failOn: 'error' })
      .rotate()
      .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 82 })
      .toBuffer({ resolveWithObject: true });
    return {
      bytes: data,
      mime: 'image/jpeg',
      width: info.width,
      height: info.height,
      sha256: createHash('sha256').update(data).digest('hex'),
    };
  } catch {
    throw new AppError('bad_request', 'The image could not be decoded', { reason: 'not_image' });
  }
}
