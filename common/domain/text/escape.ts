const MARKUP_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML or XML (SVG) element content and quoted attribute values, so user or data text never
 * becomes markup. The apostrophe becomes `&#39;`, which HTML 4, HTML5 and XML all read. Every report, SVG
 * drawing and export escapes through here.
 */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (c) => MARKUP_ESCAPES[c]!);
}
