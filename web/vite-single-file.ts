import { defineConfig, type HtmlTagDescriptor, type Plugin, type UserConfig } from 'vite';

/** The head every tiny page shares: a phone viewport, no referrer or indexing (their URLs carry tokens). */
const sharedHead: HtmlTagDescriptor[] = [
  { tag: 'meta', attrs: { charset: 'UTF-8' } },
  { tag: 'meta', attrs: { name: 'viewport', content: 'width=device-width, initial-scale=1' } },
  { tag: 'meta', attrs: { name: 'referrer', content: 'no-referrer' } },
  { tag: 'meta', attrs: { name: 'robots', content: 'noindex' } },
  { tag: 'link', attrs: { rel: 'icon', href: 'data:,' } },
].map((t) => ({ ...t, injectTo: 'head-prepend' as const }));

function tinyPageHead(name: string): Plugin {
  return { name: `lookout-head-${name}`, transformIndexHtml: () => sharedHead };
}

/**
 * Inline every script and style into the one HTML file, as a classic script at the end of <body> (an IIFE): no
 * `type="module"`, which old WebViews ignore.
 */
function inlineEverything(name: string): Plugin {
  return {
    name: `lookout-inline-${name}`,
    enforce: 'post',
    generateBundle(_options, bundle) {
      const html = Object.values(bundle).find((f) => f.type === 'asset' && f.fileName.endsWith('.html'));
      if (!html || html.type !== 'asset') return;
      let text = String(html.source);
      for (const [fileName, file] of Object.entries(bundle)) {
        if (file.type === 'chunk') {
          const tag = new RegExp(`<script[^>]*src="[^"]*${escapeRe(file.fileName)}"[^>]*></script>`);
          const code = file.code.replace(/<\/script/gi, '<\\/script');
          text = text.replace(tag, '');
          text = text.replace('</body>', () => `<script>${code}</script>\n</body>`);
          delete bundle[fileName];
        } else if (file.fileName.endsWith('.css')) {
          const tag = new RegExp(`<link[^>]*href="[^"]*${escapeRe(file.fileName)}"[^>]*>`);
          text = text.replace(tag, () => `<style>${String(file.source)}</style>`);
          delete bundle[fileName];
        }
      }
      html.source = text;
    },
  };
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A page with its own tiny build (no React, no map library) in one self-contained `web/dist-<page>/index.html`
 * that the server sends for every token, lowered to ES2015 so an old Android WebView or WeChat's in-app browser
 * runs it.
 */
export function singleFilePage(page: string): UserConfig {
  return defineConfig({
    root: page,
    base: './',
    publicDir: false,
    plugins: [tinyPageHead(page), inlineEverything(page)],
    build: {
      outDir: `../dist-${page}`,
      emptyOutDir: true,
      target: 'es2015',
      cssTarget: 'chrome49',
      modulePreload: false,
      assetsInlineLimit: 100_000,
      rollupOptions: { output: { format: 'iife' } },
    },
  });
}
