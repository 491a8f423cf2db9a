// Open/closed state for a header popover (the download menu, the turns panel): a click outside or
// Escape closes it, and Escape hands focus back to the button that opened it.
import { type RefObject, useLayoutEffect, useRef, useState } from "react";

export interface Popover {
  open: boolean;
  setOpen: (open: boolean) => void;
  buttonRef: RefObject<HTMLButtonElement | null>;
  panelRef: RefObject<HTMLDivElement | null>;
  /** Closes and puts focus back on the button. */
  dismiss: () => void;
}

export function usePopover(): Popover {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement | null>(null);
  const panelRef = useRef<HTMLDivElement | null>(null);

  // A layout effect, so the listeners are there as soon as the panel is: a key pressed right after it opens still closes it.
  useLayoutEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent): void => {
      const inside = (element: Element | null) => element !== null && event.target instanceof Node && element.contains(event.target);
      if (!inside(panelRef.current) && !inside(buttonRef.current)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== "Escape") return;
      event.preventDefault();
      setOpen(false);
      buttonRef.current?.focus();
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  const dismiss = (): void => {
    setOpen(false);
    buttonRef.current?.focus();
  };
  return { open, setOpen, buttonRef, panelRef, dismiss };
}
