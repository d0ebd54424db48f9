// What the e2e tests add to the page's window: the emulated headset (harness.ts installs IWER's XRDevice as
// `__quest`) and axe-core (injected from its package for the accessibility checks). Only the members the tests use,
// typed by hand: inside `page.evaluate` IWER's own classes are not importable.

interface EmulatedPose {
  position: { x: number; y: number; z: number; set(x: number, y: number, z: number): void };
  quaternion: { x: number; y: number; z: number; w: number; set(x: number, y: number, z: number, w: number): void };
}
interface EmulatedController extends EmulatedPose {
  updateButtonValue(button: string, value: number): void;
  updateAxes(id: string, x: number, y: number): void;
}
interface EmulatedHand extends EmulatedPose {
  setPinchValueImmediate(value: number): void;
}
type Side = 'left' | 'right';

declare global {
  interface Window {
    __quest: EmulatedPose & {
      controllers: Record<Side, EmulatedController>;
      hands: Record<Side, EmulatedHand>;
      activeSession?: XRSession & { end(): Promise<void> };
      primaryInputMode: 'controller' | 'hand';
      installRuntime(options: { forceInstall: boolean }): void;
      updateVisibilityState(state: XRVisibilityState): void;
    };
    axe: {
      run(
        context: Document | Element,
        options?: object,
      ): Promise<{ violations: Array<{ id: string; impact?: string | null; help: string; nodes: Array<{ target: unknown }> }> }>;
    };
  }
}
export {};
