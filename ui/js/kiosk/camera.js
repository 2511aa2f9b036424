// The kiosk's camera (a document camera or a webcam) through the webview's camera API: a live
// view and a still taken from it as JPEG bytes, which go to the shell's intake like any photo.
// Under test (`testCamera`), a frame from the shell stands in for the live picture; drawing it
// and capturing it from the canvas is the same path as a real camera's.

import { kioskTestFrame } from '../api.js';

/**
 * Starts the live view inside `stage`. Resolves with `{ capture, stop }`; `capture()` resolves
 * with the still as a Uint8Array of JPEG bytes. Rejects when no camera can be used.
 */
export async function startCamera(stage, kind, testCamera) {
  if (testCamera) return testFrame(stage, kind);
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    throw new Error('no camera API');
  }
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: false,
    video: { width: { ideal: 2592 }, height: { ideal: 1944 }, facingMode: 'environment' },
  });
  const video = document.createElement('video');
  video.className = 'k-live';
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  stage.replaceChildren(video);
  await video.play();
  const stop = () => {
    for (const track of stream.getTracks()) track.stop();
    video.srcObject = null;
    video.remove();
  };
  return {
    stop,
    capture: () => still(video, video.videoWidth, video.videoHeight),
  };
}

async function testFrame(stage, kind) {
  const bytes = await kioskTestFrame(kind);
  const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/jpeg' }));
  const canvas = document.createElement('canvas');
  canvas.className = 'k-live';
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  canvas.getContext('2d').drawImage(bitmap, 0, 0);
  bitmap.close();
  stage.replaceChildren(canvas);
  return {
    stop: () => canvas.remove(),
    capture: () => still(canvas, canvas.width, canvas.height),
  };
}

/** Draws the current picture of `source` at full size and encodes it as JPEG. */
async function still(source, width, height) {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d').drawImage(source, 0, 0, width, height);
  const blob = await new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('no frame'))), 'image/jpeg', 0.92));
  canvas.width = 0;
  canvas.height = 0;
  return new Uint8Array(await blob.arrayBuffer());
}
