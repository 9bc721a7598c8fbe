import { singleFilePage } from './vite-single-file.ts';

/** The tadpole public card and tip form (GET /t/:token): one self-contained web/dist-card/index.html. */
export default singleFilePage('card');
