import { LESSON_KINDS, LESSON_KIND_LABELS } from '../../../common/contract/schemas/knowledge';
import { tableBlock } from '../tableBlock';
import type { SectionBuilder } from './types';

/** Lessons learned: what worked, what did not, what to do next time — in that order, as the team wrote them. */
export const lessonsSection: SectionBuilder = {
  id: 'lessons',
  title: 'Lessons learned',
  description: 'What worked, what did not, and what to do next time.',
  charts: false,
  requires: ['lesson-list'],
  build: async (read, event) => {
    const lessons = await read('lesson-list', { eventId: event.id });
    const ordered = LESSON_KINDS.flatMap((k) => lessons.filter((l) => l.kind === k));
    return {
      id: 'lessons',
      title: 'Lessons learned',
      blocks: [
        tableBlock({
          id: 'lessons',
          title: 'Lessons learned',
          empty: 'No lessons recorded yet: add them on the Lessons learned page (Report).',
          columns: [
            ['kind', 'Kind'],
            ['lesson', 'Lesson'],
          ],
          rows: ordered.map((l) => [LESSON_KIND_LABELS[l.kind], l.text]),
        }),
      ],
    };
  },
};
