// The network explorer: search, ego networks, paths and the visit planner, all through the
// public GraphQL API at /graphql.
import { createRoot } from 'react-dom/client';
import { App } from './App.jsx';
import './explore.css';

const root = document.getElementById('app');
root.textContent = '';
createRoot(root).render(<App />);
