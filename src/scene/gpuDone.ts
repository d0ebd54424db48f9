// "Drawn" means the GPU has finished, not that the draw calls were issued: troika builds its glyph atlas on
// the GPU, and on a slow or software GPU that work lands seconds after the JavaScript side says it is done.
// A WebGL2 fence after the frame tells when the GPU has caught up, without blocking the main thread.

const POLL_MS = 50;
const GIVE_UP_MS = 120_000;

export function whenGpuDone(gl: WebGLRenderingContext | WebGL2RenderingContext): Promise<void> {
  if (!('fenceSync' in gl)) {
    // WebGL1: two animation frames are the best we can know.
    return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
  }
  const gl2 = gl;
  const sync = gl2.fenceSync(gl2.SYNC_GPU_COMMANDS_COMPLETE, 0);
  if (!sync) return Promise.resolve();
  gl2.flush();
  const started = performance.now();
  return new Promise((resolve) => {
    const poll = (): void => {
      const status = gl2.getSyncParameter(sync, gl2.SYNC_STATUS);
      if (status === gl2.SIGNALED || gl2.isContextLost() || performance.now() - started > GIVE_UP_MS) {
        gl2.deleteSync(sync);
        resolve();
      } else {
        setTimeout(poll, POLL_MS);
      }
    };
    poll();
  });
}
