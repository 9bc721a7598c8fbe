import { singleFilePage } from './vite-single-file.ts';

/** Lookout's DJI Pilot 2 sign-in page (GET /pilot2): one self-contained web/dist-pilot2/index.html. */
export default singleFilePage('pilot2');
