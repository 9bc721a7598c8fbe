import { singleFilePage } from './vite-single-file.ts';

/** The outside team guidance page (GET /u/:token): one self-contained web/dist-team/index.html. */
export default singleFilePage('team');
