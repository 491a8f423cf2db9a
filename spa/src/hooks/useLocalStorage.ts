// A string kept in localStorage (falls back to memory when storage is blocked).
import { useCallback, useState } from "react";

function read(key: string, fallback: string): string {
  try {
    return window.localStorage.getItem(key) ?? fallback;
  } catch {
    return fallback;
  }
}

export function useLocalStorage(key: string, fallback = ""): [string, (value: string) => void] {
  const [value, setValue] = useState(() => read(key, fallback));
  const update = useCallback(
    (next: string) => {
      setValue(next);
      try {
        window.localStorage.setItem(key, next);
      } catch {
        // Storage can be disabled (private mode, policies); the value still lives for this page.
      }
    },
    [key],
  );
  return [value, update];
}
