// Builds GraphiQL and the network explorer into server/webui/dist, which the server embeds.
// Pages are HTML shells rendered by the server (server/ui.go), which reads the entries'
// scripts and stylesheets from the manifest; assets are served under /ui/.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  base: '/ui/',
  build: {
    outDir: '../server/webui/dist',
    emptyOutDir: true,
    manifest: true,
    // GraphiQL with its editor is one large chunk by design; it is served from the binary.
    chunkSizeWarningLimit: 2500,
    rollupOptions: {
      input: {
        graphiql: 'src/graphiql/main.jsx',
        explore: 'src/explore/main.jsx',
      },
    },
  },
});
