import qrcode from 'qrcode-generator';

/**
 * The QR code of a join URL as rows of '1'/'0' modules (qrcode-generator, MIT, no dependencies: computed here,
 * offline; the renderer draws it as SVG rects). Error correction M: readable from a projector across a room.
 */
export function qrMatrix(text: string): { size: number; rows: string[] } {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  const size = qr.getModuleCount();
  const rows: string[] = [];
  for (let r = 0; r < size; r++) {
    let row = '';
    for (let c = 0; c < size; c++) row += qr.isDark(r, c) ? '1' : '0';
    rows.push(row);
  }
  return { size, rows };
}
