// hls.js ships no types for its light build (`hls.js/light`); its API is the full build's, less some features.
declare module 'hls.js/light' {
  export { default } from 'hls.js';
}
