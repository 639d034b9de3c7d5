// Saves a blob as a file through an object URL (the debrief exports: CSV tables, PNG charts). Nothing leaves
// the device.
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // the download has started from the URL by now; revoking later frees the memory
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
