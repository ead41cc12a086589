import { createServices } from '../../createServices';
import { defaultDataDir } from '../../dataDir';
import { invoke } from '../../dispatch';
import type { Command } from '../command';
import { EXIT, guarded, numberFlag, parse, printJson, UsageError } from '../command';

/**
 * `kaizen search "query"`: full-text search over every event in the store (archived included). JSON:
 * `{query, total, results: [{kind, itemId, eventId, eventName, eventArchived, section, title, snippet, text, score}]}`
 * where `snippet` is the parts of the snippet (`hit` marks matched words) and `text` the same as plain text.
 */
export const searchCommand: Command = {
  name: 'search',
  summary: 'Search charters, root causes, ideas, actions, decisions, lessons and reviews across every event',
  usage: 'kaizen search "query" [--limit N] [--data-dir DIR] [--json]',
  run: (argv, io) =>
    guarded(io, async () => {
      const { values, positionals } = parse(argv, { limit: { type: 'string' }, 'data-dir': { type: 'string' }, json: { type: 'boolean' } });
      const query = positionals.join(' ').trim();
      if (query === '') throw new UsageError('give the words to search for: kaizen search "query"');
      const limit = numberFlag(values.limit, '--limit') ?? 30;
      const services = await createServices({ dataDir: values['data-dir'] ?? defaultDataDir(), platform: { transport: 'cli' } });
      try {
        const found = await invoke(services.dispatch, 'knowledge-search', { query, limit });
        const results = found.results.map((r) => ({ ...r, text: r.snippet.map((p) => p.text).join('') }));
        if (values.json) {
          printJson(io, { query: found.query, total: found.total, results });
          return EXIT.ok;
        }
        if (results.length === 0) io.out(`No matches for "${query}".`);
        for (const r of results) {
          const marked = r.snippet.map((p) => (p.hit ? `[${p.text}]` : p.text)).join('');
          io.out(`${r.eventName}${r.eventArchived ? ' (archived)' : ''} › ${r.title}: ${marked.replace(/\s+/g, ' ')}`);
        }
        if (found.total > results.length) io.out(`… ${found.total - results.length} more (--limit).`);
        return EXIT.ok;
      } finally {
        services.close();
      }
    }),
};
