/**
 * A phone camera photo is 3–8 MB; on a station's mobile link that is the slowest step of creating an alert. The
 * browser scales it to at most `maxSide` pixels and re-encodes it as JPEG before the upload (the server strips
 * EXIF and resizes again anyway). Anything the browser cannot decode is sent as it is, for the server to judge.
 */
export const MAX_SIDE = 1600;

export function fitWithin(width: number, height: number, maxSide = MAX_SIDE): { width: number; height: number } {
  const longest = Math.max(width, height);
  if (longest <= maxSide || longest <= 0) return { width, height };
  const k = maxSide / longest;
  return { width: Math.max(1, Math.round(width * k)), height: Math.max(1, Math.round(height * k)) };
}

export async function shrinkPhoto(file: Blob, maxSide = MAX_SIDE, quality = 0.85): Promise<Blob> {
  if (!file.type.startsWith('image/') || typeof createImageBitmap !== 'function') return file;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return file;
  }
  const size = fitWithin(bitmap.width, bitmap.height, maxSide);
  if (size.width === bitmap.width && size.height === bitmap.height && file.size < 1_500_000) {
    bitmap.close();
    return file;
  }
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, size.width, size.height);
  bitmap.close();
  const out = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
  return out && out.size < file.size ? out : file;
}
