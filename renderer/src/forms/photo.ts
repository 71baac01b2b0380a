// Photos for issues: from the camera (getUserMedia → one JPEG frame) or from an attached file.
// Both become the contract's PhotoInput (base64 bytes); the core stores and uploads them.
export interface PhotoDraft {
  file_name: string;
  mime_type: string;
  data_base64: string;
}

/** Largest photo the form accepts before asking the core (the core enforces its own limit too). */
export const MAX_PHOTO_BYTES = 8 * 1024 * 1024;

function toBase64(bytes: Uint8Array): string {
  let s = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) s += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(s);
}

export async function photoFromFile(file: File): Promise<PhotoDraft> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  return { file_name: file.name || 'photo', mime_type: file.type || 'application/octet-stream', data_base64: toBase64(bytes) };
}

/** Grabs the current video frame as a JPEG. */
export async function photoFromVideo(video: HTMLVideoElement, name: string): Promise<PhotoDraft> {
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth || 640;
  canvas.height = video.videoHeight || 480;
  canvas.getContext('2d')?.drawImage(video, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('no frame'))), 'image/jpeg', 0.85));
  return { file_name: name, mime_type: 'image/jpeg', data_base64: toBase64(new Uint8Array(await blob.arrayBuffer())) };
}

export function approxBytes(p: PhotoDraft): number {
  return Math.floor((p.data_base64.length * 3) / 4);
}
