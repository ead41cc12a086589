import { PARKING_STATUS_LABELS } from '../../../common/contract/schemas/actions';
import { PICK_LABELS, pickQuadrant } from '../../../common/domain/matrix/pick';
import type { Block } from '../model';
import type { SectionBuilder } from './types';

/**
 * Workshop outcomes: ideas with their affinity group, dot-vote results and impact/effort (PICK) placement,
 * each revealed vote's tally, and the parking lot. Secret votes still open are reported as open, never tallied.
 */
export const workshopSection: SectionBuilder = {
  id: 'workshop',
  title: 'Workshop outcomes',
  description: 'Ideas, dot-vote results, impact/effort (PICK) matrix and the parking lot.',
  charts: false,
  requires: ['idea-list', 'vote-list', 'matrix-list', 'affinity-group-list', 'parking-list'],
  build: async (read, event) => {
    const eventId = event.id;
    const [ideas, votes, placements, groups, parking] = await Promise.all([
      read('idea-list', { eventId }),
      read('vote-list', { eventId }),
      read('matrix-list', { eventId }),
      read('affinity-group-list', { eventId }),
      read('parking-list', { eventId }),
    ]);
    const groupName = new Map(groups.map((g) => [g.id, g.name]));
    const place = new Map(placements.map((p) => [p.ideaId, p]));
    const dots = new Map<string, number>();
    for (const v of votes) for (const t of v.tally ?? []) dots.set(t.ideaId, (dots.get(t.ideaId) ?? 0) + t.dots);
    const open = votes.filter((v) => v.status === 'open');
    const blocks: Block[] = [
      {
        kind: 'table',
        empty: 'No ideas were collected.',
        table: {
          id: 'ideas',
          title: 'Ideas',
          columns: [
            { key: 'text', label: 'Idea', type: 'text' },
            { key: 'author', label: 'Author', type: 'text' },
            { key: 'category', label: 'Category', type: 'text' },
            { key: 'group', label: 'Affinity group', type: 'text' },
            { key: 'dots', label: 'Dots (revealed votes)', type: 'integer' },
            { key: 'impact', label: 'Impact (0–10)', type: 'number' },
            { key: 'effort', label: 'Effort (0–10)', type: 'number' },
            { key: 'quadrant', label: 'PICK quadrant', type: 'text' },
          ],
          rows: ideas.map((i) => {
            const p = place.get(i.id);
            return [
              i.text,
              i.author ?? 'anonymous',
              i.category,
              i.groupId ? (groupName.get(i.groupId) ?? '') : '',
              dots.get(i.id) ?? null,
              p?.impact ?? null,
              p?.effort ?? null,
              p ? PICK_LABELS[pickQuadrant(p.impact, p.effort)] : '',
            ];
          }),
        },
      },
    ];
    for (const v of votes.filter((x) => x.tally)) {
      blocks.push({ kind: 'subheading', text: `Vote: ${v.title}` });
      blocks.push({
        kind: 'table',
        empty: 'No dots were placed.',
        table: {
          id: `vote-${votes.indexOf(v) + 1}`,
          title: `${v.title} — ${v.votedCount} of ${v.voters.length} voters, ${v.dotsPerVoter} dots each`,
          columns: [
            { key: 'rank', label: 'Rank', type: 'integer' },
            { key: 'text', label: 'Idea', type: 'text' },
            { key: 'dots', label: 'Dots', type: 'integer' },
            { key: 'voters', label: 'Voters', type: 'integer' },
          ],
          rows: (v.tally ?? []).map((t) => [t.rank, t.text, t.dots, t.voters]),
        },
      });
    }
    if (open.length > 0) {
      blocks.push({ kind: 'note', tone: 'info', text: `Not yet revealed, so not tallied here: ${open.map((v) => v.title).join(', ')}.` });
    }
    blocks.push({ kind: 'subheading', text: 'Parking lot' });
    blocks.push({
      kind: 'table',
      empty: 'The parking lot was empty.',
      table: {
        id: 'parking-lot',
        title: 'Parking lot',
        columns: [
          { key: 'text', label: 'Item', type: 'text' },
          { key: 'raisedBy', label: 'Raised by', type: 'text' },
          { key: 'status', label: 'Status', type: 'text' },
          { key: 'outcome', label: 'Outcome', type: 'text' },
        ],
        rows: parking.map((p) => [p.text, p.raisedBy, PARKING_STATUS_LABELS[p.status], p.outcome]),
      },
    });
    return { id: 'workshop', title: 'Workshop outcomes', blocks };
  },
};
