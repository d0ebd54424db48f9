// React access to the exhibit store (one per app, passed down by context, never a module singleton).
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { ExhibitState, ExhibitStore } from './store.ts';

const StoreContext = createContext<ExhibitStore | null>(null);

export function StoreProvider({ store, children }: { store: ExhibitStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useExhibitStore(): ExhibitStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useExhibitStore: no <StoreProvider> above this component');
  return store;
}

export function useExhibit<T>(selector: (s: ExhibitState) => T): T {
  return useStore(useExhibitStore(), selector);
}
