/** Saves a file the page made (a scenario, a diagram) through the browser's download, without a request. */
export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  // After the click has handed the URL to the download.
  setTimeout(() => URL.revokeObjectURL(url));
}
