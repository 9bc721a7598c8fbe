import { defineConfig, type Plugin } from 'vite';

/**
 * The public card page (GET /t/:token): like the caller page, its own tiny build, no React, no map library, all
 * inlined into one self-contained web/dist-card/index.html (the server sends that one file for every token), as a
 * classic ES2015 script for old Android WebViews and WeChat's in-app browser.
 */
function inlineEverything(): Plugin {
  return {
    name: 'lookout-inline-card-page',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const html = Object.values(bundle).find((f) => f.type === 'asset' && f.fileName.endsWith('.html'));
      if (!html || html.type !== 'asset') return;
      let text = String(html.source);
      for (const [name, file] of Object.entries(bundle)) {
        if (file.type === 'chunk') {
          const tag = new RegExp(`<script[^>]*src="[^"]*${escapeRe(file.fileName)}"[^>]*></script>`);
          const code = file.code.replace(/<\/script/gi, '<\\/script');
          text = text.replace(tag, '');
          text = text.replace('</body>', () => `<script>${code}</script>\n</body>`);
          delete bundle[name];
        } else if (file.fileName.endsWith('.css')) {
          const tag = new RegExp(`<link[^>]*href="[^"]*${escapeRe(file.fileName)}"[^>]*>`);
          text = text.replace(tag, () => `<style>${String(file.source)}</style>`);
          delete bundle[name];
        }
      }
      html.source = text;
    },
  };
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export default defineConfig({
  root: 'card',
  base: './',
  publicDir: false,
  plugins: [inlineEverything()],
  build: {
    outDir: '../dist-card',
    emptyOutDir: true,
    target: 'es2015',
    cssTarget: 'chrome49',
    modulePreload: false,
    assetsInlineLimit: 100_000,
    rollupOptions: { output: { format: 'iife' } },
  },
});
