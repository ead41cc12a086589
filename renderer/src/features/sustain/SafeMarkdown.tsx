import Markdown, { defaultUrlTransform } from 'react-markdown';
import type { Components } from 'react-markdown';
import type { MouseEvent } from 'react';

/**
 * Runbook Markdown rendered as React elements, never as HTML:
 * - react-markdown without rehype-raw, with `skipHtml`: HTML written in the Markdown is dropped, so no
 *   element, attribute or handler from the text can reach the page;
 * - URLs through react-markdown's default transform (only http, https, mailto, xmpp and relative; a
 *   `javascript:` or `data:` URL becomes empty);
 * - links are shown with their address but never followed: a click copies the address (the app window never
 *   navigates; the team opens it in their own browser), `rel="noopener noreferrer nofollow"`;
 * - images are not loaded (no remote content, ever): their alt text and address are shown instead.
 */
export function SafeMarkdown({ text, onLink }: Readonly<{ text: string; onLink?: (href: string) => void }>) {
  const components: Components = {
    a: ({ href, children }) => {
      const url = href ?? '';
      const click = (e: MouseEvent) => {
        e.preventDefault();
        if (url) onLink?.(url);
      };
      return (
        <a href={url || undefined} rel="noopener noreferrer nofollow" className="md-link" title={url ? `${url} — click to copy the address` : 'Link removed (unsafe address)'} onClick={click}>
          {children}
          {url && <span className="md-link-url"> ({url})</span>}
        </a>
      );
    },
    img: ({ alt, src }) => (
      <span className="md-image">
        [image: {alt || 'no description'}
        {src ? ` — ${String(src)}` : ''}]
      </span>
    ),
  };
  return (
    <div className="markdown">
      <Markdown skipHtml urlTransform={defaultUrlTransform} components={components}>
        {text}
      </Markdown>
    </div>
  );
}
