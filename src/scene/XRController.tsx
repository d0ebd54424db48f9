// The exhibit's controller: the library's ray pointer and our teleport pointer (TeleportPointer.tsx), with the
// profile's model drawn as one mesh (mergeModel.ts; the model as it is when it cannot be merged). The exhibit's hand:
// the library's hand with our teleport pointer.
import {
  DefaultXRController,
  type DefaultXRControllerOptions,
  DefaultXRHand,
  type DefaultXRHandOptions,
  useLoadXRControllerModel,
  useXRInputSourceStateContext,
  XRSpace,
} from '@react-three/xr';
import { type ComponentType, Suspense, useEffect, useMemo } from 'react';
import { mergeModel } from './mergeModel.ts';
import { TeleportPointer } from './TeleportPointer.tsx';

function MergedControllerModel() {
  const state = useXRInputSourceStateContext('controller');
  const model = useLoadXRControllerModel(state.layout);
  const merged = useMemo(() => mergeModel(model), [model]);
  useEffect(
    () => () => {
      merged?.geometry.dispose();
      (merged?.material as { dispose?: () => void } | undefined)?.dispose?.();
    },
    [merged],
  );
  return (
    <XRSpace space="grip-space">
      <primitive object={merged ?? model} />
    </XRSpace>
  );
}

/**
 * A controller implementation for createXRStore's `controller` option: `options` as DefaultXRController takes them
 * (`teleportPointer: true` for ours).
 */
export function exhibitController(
  options: Omit<DefaultXRControllerOptions, 'model' | 'teleportPointer'> & { teleportPointer: boolean },
): ComponentType {
  const { teleportPointer, ...rest } = options;
  return function ExhibitController() {
    return (
      <>
        <Suspense fallback={null}>
          <MergedControllerModel />
        </Suspense>
        <DefaultXRController {...rest} model={false} teleportPointer={false} />
        {teleportPointer && <TeleportPointer />}
      </>
    );
  };
}

/** A hand implementation for createXRStore's `hand` option: `options` as DefaultXRHand takes them (`teleportPointer: true` for ours). */
export function exhibitHand(options: Omit<DefaultXRHandOptions, 'teleportPointer'> & { teleportPointer: boolean }): ComponentType {
  const { teleportPointer, ...rest } = options;
  return function ExhibitHand() {
    return (
      <>
        <DefaultXRHand {...rest} teleportPointer={false} />
        {teleportPointer && <TeleportPointer />}
      </>
    );
  };
}
