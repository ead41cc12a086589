import type { WhyChain, WhyNode } from '../../../../common/contract/schemas/rootcause';
import { useCall } from '../../api/useCall';

const MAX_CAUSES = 2;

/** Root-cause sessions: the fishbone (effect and causes per category) beside the 5 Whys, each answer with its level. */
export function PresenterRootCause({ eventId }: Readonly<{ eventId: string }>) {
  const { data: fish } = useCall('fishbone-get', { eventId }, ['rootcause', 'fishbone']);
  const { data: chains } = useCall('whys-list', { eventId }, ['rootcause', 'whys']);
  const categories = fish?.categories ?? [];
  const chain = chains?.at(-1);
  return (
    <section className="presenter-artefact presenter-rootcause" aria-label="Root cause">
      <div className="presenter-fishbone">
        <h2 className="presenter-artefact-title">Fishbone</h2>
        <p className="presenter-effect" data-testid="presenter-effect"><span>Effect</span> {fish?.effect || 'No effect written yet.'}</p>
        <ul className="presenter-categories">
          {categories.map((c) => (
            <li key={c.id}>
              <h3>{c.name}</h3>
              {c.causes.length === 0 ? <p className="presenter-none">—</p> : (
                <ul>
                  {c.causes.filter((x) => x.parentId === null).slice(0, MAX_CAUSES).map((x) => <li key={x.id}>{x.text}</li>)}
                  {c.causes.filter((x) => x.parentId === null).length > MAX_CAUSES && <li className="presenter-more">+ {c.causes.filter((x) => x.parentId === null).length - MAX_CAUSES} more</li>}
                </ul>
              )}
            </li>
          ))}
        </ul>
      </div>
      <div className="presenter-whys">
        <h2 className="presenter-artefact-title">5 Whys{chains && chains.length > 1 ? <span className="presenter-count">{chains.length}</span> : null}</h2>
        {chain ? <WhysLevels chain={chain} /> : <p className="presenter-big-note">No 5 Whys yet.</p>}
      </div>
    </section>
  );
}

/**
 * Level by level ("Why 1 … Why 5"): the path down to the answer marked as the root cause, else the first answers;
 * other answers on a level are counted as branches.
 */
function WhysLevels({ chain }: Readonly<{ chain: WhyChain }>) {
  const byId = new Map(chain.nodes.map((n) => [n.id, n]));
  const root = chain.nodes.find((n) => n.isRootCause);
  const onPath = new Set<string>();
  for (let n = root; n; n = n.parentId ? byId.get(n.parentId) : undefined) onPath.add(n.id);
  const levels: { node: WhyNode; branches: number }[] = [];
  let parent: string | null = null;
  for (let depth = 0; depth < 5; depth++) {
    const here = chain.nodes.filter((n) => n.parentId === parent).sort((a, b) => a.position - b.position);
    const next = here.find((n) => onPath.has(n.id)) ?? here[0];
    if (!next) break;
    levels.push({ node: next, branches: here.length - 1 });
    parent = next.id;
  }
  return (
    <>
      <p className="presenter-problem">{chain.problem}</p>
      <ol className="presenter-why-levels">
        {levels.map(({ node, branches }, i) => (
          <li key={node.id} className={node.isRootCause ? 'presenter-why-root' : undefined}>
            <span className="presenter-why-level">Why {i + 1}</span> {node.text}
            {node.isRootCause && <strong className="presenter-why-tag"> · root cause</strong>}
            {branches > 0 && <span className="presenter-why-branches"> (+{branches} other {branches === 1 ? 'branch' : 'branches'})</span>}
          </li>
        ))}
      </ol>
    </>
  );
}
