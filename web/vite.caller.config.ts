import { defineConfig, type Plugin } from 'vite';

/**
 * The caller location page (GET /l/:token): its own tiny build, no React, no map library. Everything is inlined
 * into one self-contained web/dist-caller/index.html (the server sends that one file for every token), as a
 * classic script lowered to ES2015, so an old Android WebView or WeChat's in-app browser runs it.
 */
function inlineEverything(): Plugin {
  return {
    name: 'lookout-inline-caller-page',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const html = Object.values(bundle).find((f) => f.type === 'asset' && f.fileName.endsWith('.html'));
      if (!html || html.type !== 'asset') return;
      let text = String(html.source);
      for (const [name, file] of Object.entries(bundle)) {
        if (file.type === 'chunk') {
          const tag = new RegExp(`<script[^>]*src="[^"]*${escapeRe(file.fileName)}"[^>]*></script>`);
          // A classic script at the end of <body> (an IIFE): no `type="module"`, which old WebViews ignore.
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
  root: 'caller',
  base: './',
  publicDir: false,
  plugins: [inlineEverything()],
  build: {
    outDir: '../dist-caller',
    emptyOutDir: true,
    target: 'es2015',
    cssTarget: 'chrome49',
    modulePreload: false,
    assetsInlineLimit: 100_000,
    rollupOptions: { output: { format: 'iife' } },
  },
});
