// The citations of a fact: which document says it, where in it, and what it says in our words.

export function Citations({ sources }) {
  if (!sources?.length) return <p>No sources.</p>;
  return (
    <ol className="citations">
      {sources.map((c, i) => (
        <li key={i}>
          <cite>
            {c.source.url ? (
              <a href={c.source.url} target="_blank" rel="noopener noreferrer">{c.source.name}</a>
            ) : (
              c.source.name
            )}
          </cite>
          {c.source.publisherName && <span className="publisher">, {c.source.publisherName}</span>}
          {c.source.published && <span className="published"> ({c.source.published})</span>}
          {c.locator && <span className="locator">, {c.locator}</span>}
          {c.note && <span className="note">: {c.note}</span>}
          {c.inferred && <span className="inferred"> (inferred: the document implies it)</span>}
        </li>
      ))}
    </ol>
  );
}
