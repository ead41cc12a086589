import { PARKING_STATUS_LABELS } from '../../../common/contract/schemas/actions';
import { PICK_LABELS, pickQuadrant } from '../../../common/domain/matrix/pick';
import type { Block } from '../model';
import { tableBlock } from '../tableBlock';
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
      tableBlock({
        id: 'ideas',
        title: 'Ideas',
        empty: 'No ideas were collected.',
        columns: [
          ['text', 'Idea'],
          ['author', 'Author'],
          ['category', 'Category'],
          ['group', 'Affinity group'],
          ['dots', 'Dots (revealed votes)', 'integer'],
          ['impact', 'Impact (0–10)', 'number'],
          ['effort', 'Effort (0–10)', 'number'],
          ['quadrant', 'PICK quadrant'],
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
      }),
    ];
    for (const v of votes.filter((x) => x.tally)) {
      blocks.push({ kind: 'subheading', text: `Vote: ${v.title}` });
      blocks.push(tableBlock({
        id: `vote-${votes.indexOf(v) + 1}`,
        title: `${v.title} — ${v.votedCount} of ${v.voters.length} voters, ${v.dotsPerVoter} dots each`,
        empty: 'No dots were placed.',
        columns: [
          ['rank', 'Rank', 'integer'],
          ['text', 'Idea'],
          ['dots', 'Dots', 'integer'],
          ['voters', 'Voters', 'integer'],
        ],
        rows: (v.tally ?? []).map((t) => [t.rank, t.text, t.dots, t.voters]),
      }));
    }
    if (open.length > 0) {
      blocks.push({ kind: 'note', tone: 'info', text: `Not yet revealed, so not tallied here: ${open.map((v) => v.title).join(', ')}.` });
    }
    blocks.push({ kind: 'subheading', text: 'Parking lot' });
    blocks.push(tableBlock({
      id: 'parking-lot',
      title: 'Parking lot',
      empty: 'The parking lot was empty.',
      columns: [
        ['text', 'Item'],
        ['raisedBy', 'Raised by'],
        ['status', 'Status'],
        ['outcome', 'Outcome'],
      ],
      rows: parking.map((p) => [p.text, p.raisedBy, PARKING_STATUS_LABELS[p.status], p.outcome]),
    }));
    return { id: 'workshop', title: 'Workshop outcomes', blocks };
  },
};
