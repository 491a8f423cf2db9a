// Per-row UI state (expanded, "show more") that survives virtualization: rows unmount when they
// scroll away, so their toggles live in one map above the list, keyed by row key and facet.
import { createContext, type ReactNode, useCallback, useContext, useState } from "react";

type Store = Map<string, boolean>;
const RowStateContext = createContext<Store | null>(null);

export function RowStateProvider({ children }: { children: ReactNode }) {
  const [store] = useState<Store>(() => new Map());
  return <RowStateContext.Provider value={store}>{children}</RowStateContext.Provider>;
}

export function useRowToggle(id: string, initial = false): [boolean, (next?: boolean) => void] {
  const store = useContext(RowStateContext);
  const [value, setValue] = useState(() => store?.get(id) ?? initial);
  const toggle = useCallback(
    (next?: boolean) => {
      setValue((current) => {
        const value = next ?? !current;
        store?.set(id, value);
        return value;
      });
    },
    [id, store],
  );
  return [value, toggle];
}
