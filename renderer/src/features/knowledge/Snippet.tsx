import type { SnippetPart } from '../../../../common/contract/schemas/knowledge';

/** A search snippet: matched words inside <mark>, everything as React text nodes (never innerHTML). */
export function Snippet({ parts }: { parts: readonly SnippetPart[] }) {
  return (
    <span className="snippet">
      {parts.map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </span>
  );
}
