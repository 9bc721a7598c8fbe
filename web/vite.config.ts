import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The server serves web/dist in production; in dev, Vite proxies the API (and the live socket) to it.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', ws: true, changeOrigin: false },
    },
  },
});
