// Hands text the app fetched (with the bearer token, so not a plain link) to the browser as a
// file download.
export function saveTextFile(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  saveBlob(filename, new Blob([text], { type }));
}

/** The same for a binary file, such as an Excel workbook. */
export function saveBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser a moment to start the download before the address is let go.
  window.setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
