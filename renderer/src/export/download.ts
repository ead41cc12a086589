/** Browser-side file export shared by every chart and map: a Blob as a download, SVG as file or as PNG. */
export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

export function saveSvgFile(svg: string, name: string): void {
  downloadBlob(name, new Blob([svg], { type: 'image/svg+xml' }));
}

/** Rasterises an SVG on a white canvas at `scale`× (2 = sharp on a projector or in a slide deck) and downloads it. */
export async function saveSvgAsPng(svg: string, name: string, scale = 2): Promise<void> {
  const img = new Image();
  img.src = svgDataUrl(svg);
  try {
    await img.decode();
  } catch {
    throw new Error('The drawing could not be turned into an image.');
  }
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(img.naturalWidth * scale);
  canvas.height = Math.round(img.naturalHeight * scale);
  const g = canvas.getContext('2d');
  if (!g) throw new Error('This browser cannot draw the PNG (no 2D canvas).');
  g.fillStyle = '#fff';
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.drawImage(img, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/png'));
  if (!blob) throw new Error('The PNG could not be created.');
  downloadBlob(name, blob);
}
