/** Browser-side export of the fishbone: SVG as a file, PNG by drawing the same SVG onto a canvas. */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

function download(href: string, name: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export function saveSvg(svg: string, name: string): void {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  download(url, name);
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Rasterises at `scale`× (2 = sharp on a projector or in a slide deck). */
export async function savePng(svg: string, name: string, scale = 2): Promise<void> {
  const img = new Image();
  img.src = svgDataUrl(svg);
  await img.decode();
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
  const url = URL.createObjectURL(blob);
  download(url, name);
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name from user text: letters, digits and dashes only. */
export function fileSafe(s: string): string {
  return s.normalize('NFKD').replace(/[^\w-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'fishbone';
}
