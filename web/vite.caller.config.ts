import { singleFilePage } from './vite-single-file.ts';

/** The caller location page (GET /l/:token): one self-contained web/dist-caller/index.html. */
export default singleFilePage('caller');
