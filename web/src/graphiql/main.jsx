// GraphiQL, self-hosted: every script and stylesheet comes from this server, so it works with
// no internet. The README's example queries, which the server puts in the page as JSON, open
// as tabs; the documentation explorer and history are GraphiQL's own plugins.
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import 'graphiql/style.css';
import './graphiql.css';

const examples = JSON.parse(document.getElementById('examples')?.textContent || '[]');

// GraphiQL keeps tabs in storage; a storage that keeps nothing makes every visit open the
// examples afresh instead of the last visitor's edits.
const noStorage = {
  getItem: () => null,
  setItem: () => {},
  removeItem: () => {},
  clear: () => {},
  length: 0,
};

const fetcher = createGraphiQLFetcher({ url: '/graphql' });

function App() {
  return (
    <GraphiQL
      fetcher={fetcher}
      defaultEditorToolsVisibility
      defaultTabs={examples.map((e) => ({ query: e.query }))}
      storage={noStorage}
    >
      <GraphiQL.Logo>
        <span className="kg-logo">
          GraphiQL · <a href="/explore">Network explorer</a>
        </span>
      </GraphiQL.Logo>
    </GraphiQL>
  );
}

const root = document.getElementById('app');
root.textContent = '';
root.classList.add('kg-graphiql');
createRoot(root).render(<App />);
