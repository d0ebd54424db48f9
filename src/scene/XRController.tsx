// The exhibit's controller: the library's pointers (ray, teleport) with the profile's model drawn as one mesh
// (mergeModel.ts). Falls back to the model as it is when it cannot be merged.
import {
  DefaultXRController,
  type DefaultXRControllerOptions,
  useLoadXRControllerModel,
  useXRInputSourceStateContext,
  XRSpace,
} from '@react-three/xr';
import { type ComponentType, Suspense, useEffect, useMemo } from 'react';
import { mergeModel } from './mergeModel.ts';

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

/** A controller implementation for createXRStore's `controller` option: `options` as DefaultXRController takes them. */
export function exhibitController(options: Omit<DefaultXRControllerOptions, 'model'>): ComponentType {
  return function ExhibitController() {
    return (
      <>
        <Suspense fallback={null}>
          <MergedControllerModel />
        </Suspense>
        <DefaultXRController {...options} model={false} />
      </>
    );
  };
}
