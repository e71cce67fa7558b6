// The editors' review of an article: paste a Polish news item (or open a kept proposal), see
// what the extraction found highlighted in the text with its proposed link, decide for each
// entity (keep, reject, or link it to one of the candidates), accept with the write token,
// open what was added in the network view, and roll an accepted article back as a whole.
import { useEffect, useMemo, useState } from 'react';
import { ACCEPT, PROPOSAL, PROPOSALS, PROPOSE, REJECT, ROLLBACK, gql } from './api.js';

const typeClass = {
  ORGANISATION: 'org', PERSON: 'person', PLACE: 'place', EVENT: 'event', PROJECT: 'project', PROGRAMME: 'project',
  PRACTICE: 'practice',
};

const decisionWords = {
  SAME: 'existing',
  NEW: 'new',
  AMBIGUOUS: 'new, could be an existing one',
};

// spans are the highlighted stretches of one paragraph: every mention and its repeats.
function spansOf(proposal, locator) {
  const out = [];
  for (const m of proposal.mentions) {
    if (m.paragraph === locator) out.push({ start: m.start, end: m.end, mention: m });
    for (const r of m.repeats) if (r.paragraph === locator) out.push({ start: r.start, end: r.end, mention: m });
  }
  out.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept = [];
  let at = 0;
  for (const s of out) {
    if (s.start >= at) {
      kept.push(s);
      at = s.end;
    }
  }
  return kept;
}

function Paragraph({ proposal, paragraph, decisions, onPick }) {
  const spans = spansOf(proposal, paragraph.locator);
  const parts = [];
  let at = 0;
  const text = paragraph.text;
  for (const s of spans) {
    if (s.start > at) parts.push(text.slice(at, s.start));
    const d = decisions[s.mention.id]?.action ?? 'KEEP';
    parts.push(
      <mark
        key={`${s.start}-${s.end}`}
        className={`mention ${typeClass[s.mention.type] ?? ''} ${d === 'REJECT' ? 'rejected' : ''}`}
        data-id={s.mention.id}
        data-decision={s.mention.decision}
        title={`${s.mention.type.toLowerCase()}: ${s.mention.name} (${decisionWords[s.mention.decision]})`}
        onClick={() => onPick(s.mention.id)}
      >
        {text.slice(s.start, s.end)}
      </mark>,
    );
    at = s.end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return (
    <p className="article-paragraph">
      <span className="locator">{paragraph.locator}</span> {parts}
    </p>
  );
}

function MentionRow({ mention, decision, onDecide, focused }) {
  const value = decision?.action === 'LINK' ? `LINK:${decision.to}` : decision?.action ?? 'KEEP';
  const label = mention.decision === 'SAME' ? `Keep: existing ${mention.id}` : `Keep: new ${mention.id}`;
  return (
    <tr className={focused ? 'focused' : ''} data-id={mention.id}>
      <td><span className={`badge ${typeClass[mention.type] ?? ''}`}>{mention.type.toLowerCase()}</span></td>
      <td>
        <strong>{mention.name}</strong>
        {mention.kind && <span className="muted"> {mention.kind}</span>}
        {mention.guessed && <span className="muted" title="a word form was read with ending rules, not found in the dictionary"> (check the form)</span>}
        <div className="muted">“{mention.text}”, {mention.paragraph}</div>
      </td>
      <td className={`decision ${mention.decision.toLowerCase()}`}>{decisionWords[mention.decision]}</td>
      <td>
        <label>
          <span className="visually-hidden">Decision on {mention.name}</span>
          <select
            value={value}
            onChange={(e) => {
              const v = e.target.value;
              if (v.startsWith('LINK:')) onDecide(mention.id, { action: 'LINK', to: v.slice(5) });
              else onDecide(mention.id, { action: v });
            }}
          >
            <option value="KEEP">{label}</option>
            {mention.candidates
              .filter((c) => c.id !== mention.id)
              .map((c) => (
                <option key={c.id} value={`LINK:${c.id}`}>
                  It is {c.name} ({c.id}, score {c.score.toFixed(2)})
                </option>
              ))}
            <option value="REJECT">Reject: not an entity of the graph</option>
          </select>
        </label>
        {mention.decision !== 'SAME' && value === 'KEEP' && (
          <label className="rename">
            <span className="visually-hidden">New name for {mention.name}</span>
            <input
              type="text"
              placeholder="Rename (optional)"
              value={decision?.name ?? ''}
              onChange={(e) => onDecide(mention.id, e.target.value.trim() ? { action: 'KEEP', name: e.target.value } : { action: 'KEEP' })}
            />
          </label>
        )}
      </td>
    </tr>
  );
}

export function ReviewTab({ onShowNetwork }) {
  const [token, setToken] = useState(() => sessionStorage.getItem('kg-write-token') ?? '');
  const [text, setText] = useState('');
  const [title, setTitle] = useState('');
  const [published, setPublished] = useState('');
  const [publisher, setPublisher] = useState('');
  const [proposal, setProposal] = useState(null);
  const [decisions, setDecisions] = useState({});
  const [focused, setFocused] = useState(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const [accepted, setAccepted] = useState(null);
  const [kept, setKept] = useState([]);
  const [busy, setBusy] = useState(false);
  const [plannedRollback, setPlannedRollback] = useState(null);

  useEffect(() => {
    if (token) sessionStorage.setItem('kg-write-token', token);
  }, [token]);

  async function run(what, f) {
    setBusy(true);
    setError('');
    try {
      await f();
    } catch (e) {
      setError(`${what}: ${e.message} (${e.code})`);
    } finally {
      setBusy(false);
    }
  }

  function show(p) {
    setProposal(p);
    setDecisions({});
    setAccepted(p.status === 'ACCEPTED' ? p.source : null);
    setPlannedRollback(null);
    setFocused(null);
    const n = p.check.valid ? 'The dry run accepts it' : `The dry run finds ${p.check.problems.length} problem(s)`;
    const state = p.status === 'PENDING' ? '' : ` It is ${p.status.toLowerCase().replace('_', ' ')}.`;
    setStatus(`Found ${p.mentions.length} entities and ${p.relations.length} relations in ${p.paragraphs.length} paragraphs. ${n}.${state}`);
  }

  function propose(e) {
    e.preventDefault();
    run('The proposal failed', async () => {
      const source = {};
      if (title) source.title = title;
      if (published) source.published = published;
      if (publisher) source.publisher = publisher;
      const data = await gql(PROPOSE, { text, source }, token);
      show(data.proposeFromText);
    });
  }

  function loadKept() {
    run('Listing kept proposals failed', async () => {
      const data = await gql(PROPOSALS, {}, token);
      setKept(data.proposals ?? []);
      const pending = (data.proposals ?? []).filter((p) => p.status === 'PENDING').length;
      setStatus(`${pending} proposal(s) wait for review; ${(data.proposals ?? []).length} kept in all.`);
    });
  }

  function openKept(id) {
    run('Opening the proposal failed', async () => {
      const data = await gql(PROPOSAL, { id }, token);
      show(data.proposal);
    });
  }

  const rejected = useMemo(() => new Set(Object.entries(decisions).filter(([, d]) => d.action === 'REJECT').map(([id]) => id)), [decisions]);

  function accept() {
    run('Accepting failed', async () => {
      const list = Object.entries(decisions).map(([id, d]) => ({ id, ...d }));
      const data = await gql(ACCEPT, { id: proposal.source, decisions: list }, token);
      const r = data.acceptProposal;
      if (!r.import.valid) {
        setError(`The import found ${r.import.problems.length} problem(s): ${r.import.problems.map((p) => `${p.path} ${p.field}: ${p.message}`).join('; ')}`);
        return;
      }
      const w = r.import.result;
      setAccepted(proposal.source);
      setProposal({ ...proposal, status: 'ACCEPTED' });
      setStatus(`Accepted: ${w.nodesCreated} entities created and ${w.nodesUpdated} updated, ${w.relationsCreated} relations created and ${w.relationsUpdated} updated.`);
    });
  }

  function reject() {
    run('Rejecting failed', async () => {
      await gql(REJECT, { id: proposal.source }, token);
      setStatus(`The proposal ${proposal.source} was rejected; nothing was written.`);
      setProposal(null);
    });
  }

  // A rollback is planned first (a dry run), then confirmed.
  function planRollback() {
    run('Planning the rollback failed', async () => {
      const data = await gql(ROLLBACK, { id: accepted, dryRun: true }, token);
      const r = data.rollbackProposal;
      setPlannedRollback(r);
      setStatus(`The rollback would remove ${r.nodesDeleted} entities and ${r.relationsDeleted} relations, and take the article's citation from ${r.nodesUpdated} entities and ${r.relationsUpdated} relations.`);
    });
  }

  function rollback() {
    run('Rolling back failed', async () => {
      const data = await gql(ROLLBACK, { id: accepted, dryRun: false }, token);
      const r = data.rollbackProposal;
      setStatus(`Rolled back: ${r.nodesDeleted} entities and ${r.relationsDeleted} relations removed; ${r.nodesUpdated} entities and ${r.relationsUpdated} relations lost the article's citation.`);
      setAccepted(null);
      setPlannedRollback(null);
      setProposal(null);
    });
  }

  const shown = proposal?.mentions.filter((m) => !rejected.has(m.id)) ?? [];
  const newOnes = shown.filter((m) => m.decision !== 'SAME' && decisions[m.id]?.action !== 'LINK');

  return (
    <div className="review">
      <form className="review-form" onSubmit={propose} aria-label="Article">
        <label>
          Write token <span className="muted">(editors: WRITE_TOKEN)</span>
          <input type="password" value={token} onChange={(e) => setToken(e.target.value)} autoComplete="off" name="token" />
        </label>
        <label className="wide">
          Article text <span className="muted">(Polish; paragraphs separated by blank lines)</span>
          <textarea value={text} onChange={(e) => setText(e.target.value)} rows={10} name="text" required />
        </label>
        <label>Title <input value={title} onChange={(e) => setTitle(e.target.value)} name="title" /></label>
        <label>Published <input value={published} onChange={(e) => setPublished(e.target.value)} placeholder="2021-09" name="published" /></label>
        <label>Publisher <input value={publisher} onChange={(e) => setPublisher(e.target.value)} placeholder="whom “we” stands for" name="publisher" /></label>
        <div className="buttons">
          <button type="submit" disabled={busy || !text.trim()}>Propose facts</button>
          <button type="button" onClick={loadKept} disabled={busy || !token}>Kept proposals</button>
        </div>
      </form>
      {kept.length > 0 && (
        <ul className="kept" aria-label="Kept proposals">
          {kept.map((k) => (
            <li key={k.source}>
              <button type="button" onClick={() => openKept(k.source)}>{k.source}</button>{' '}
              <span className="muted">{k.status.toLowerCase().replace('_', ' ')}, {k.created}: {k.paragraphs[0]?.text.slice(0, 80)}</span>
            </li>
          ))}
        </ul>
      )}
      <p role="status" className="status">{status}</p>
      {error && <p role="alert" className="error">{error}</p>}
      {proposal && (
        <div className="proposal" data-source={proposal.source}>
          <section aria-label="The article">
            <h2>The article</h2>
            <p className="legend muted">
              <mark className="mention org">organisation</mark> <mark className="mention person">person</mark>{' '}
              <mark className="mention place">place</mark> <mark className="mention event">event</mark>{' '}
              <mark className="mention project">project</mark>
            </p>
            {proposal.paragraphs.map((p) => (
              <Paragraph key={p.locator} proposal={proposal} paragraph={p} decisions={decisions} onPick={setFocused} />
            ))}
          </section>
          <section aria-label="Entities">
            <h2>Entities</h2>
            <table className="mentions">
              <thead><tr><th>Type</th><th>Entity</th><th>Link</th><th>Decision</th></tr></thead>
              <tbody>
                {proposal.mentions.map((m) => (
                  <MentionRow key={m.id} mention={m} decision={decisions[m.id]} focused={focused === m.id}
                    onDecide={(id, d) => setDecisions((ds) => ({ ...ds, [id]: d }))} />
                ))}
              </tbody>
            </table>
          </section>
          <section aria-label="Relations">
            <h2>Relations it would add</h2>
            <ul className="proposed-relations">
              {proposal.relations.map((r) => (
                <li key={`${r.type}|${r.from}|${r.to}`} className={rejected.has(r.from) || rejected.has(r.to) ? 'rejected' : ''}>
                  <code>{r.from}</code> {r.type.toLowerCase().replace(/_/g, ' ')} <code>{r.to}</code>{' '}
                  <span className="muted">({r.paragraph}: {r.note})</span>
                </li>
              ))}
            </ul>
          </section>
          {!proposal.check.valid && (
            <section aria-label="Problems">
              <h2>Problems the dry run finds</h2>
              <ul>{proposal.check.problems.map((p, i) => <li key={i}>{p.path} {p.field}: {p.message}</li>)}</ul>
            </section>
          )}
          {proposal.check.changes.length > 0 && (
            <details className="changes">
              <summary>What it changes in existing entities ({proposal.check.changes.length})</summary>
              <ul>
                {proposal.check.changes.map((c, i) => (
                  <li key={i}><code>{c.entity ?? c.relation}</code> {c.field}: {c.old ?? '—'} → {c.new}</li>
                ))}
              </ul>
            </details>
          )}
          <div className="buttons">
            {!accepted && proposal.status === 'PENDING' && (
              <button type="button" onClick={accept} disabled={busy || !token || !proposal.check.valid}>Accept with the decisions</button>
            )}
            {!accepted && proposal.status === 'PENDING' && <button type="button" onClick={reject} disabled={busy || !token}>Reject the proposal</button>}
            {accepted && !plannedRollback && <button type="button" onClick={planRollback} disabled={busy}>Roll back this article</button>}
            {accepted && plannedRollback && <button type="button" onClick={rollback} disabled={busy}>Confirm the rollback</button>}
          </div>
          {accepted && newOnes.length > 0 && (
            <div className="added">
              <h2>Added</h2>
              <ul>
                {newOnes.map((m) => (
                  <li key={m.id}>
                    {m.name}{' '}
                    <button type="button" onClick={() => onShowNetwork({ id: m.id, name: m.name, type: m.type })}>Show network</button>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
