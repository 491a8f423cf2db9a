// The header's "Download" menu button: the events as JSONL, or the transcript as Markdown. The
// export code loads on first use (its own chunk); a failure shows under the menu.
import { type KeyboardEvent, useState } from "react";
import { DownloadIcon } from "../Icons";
import { usePopover } from "./usePopover";

export interface DownloadChoice {
  label: string;
  /** Makes and saves the file; resolves to an error message, or null once saved. */
  run: () => Promise<string | null>;
}

export function DownloadMenu({ choices }: { choices: readonly DownloadChoice[] }) {
  const popover = usePopover();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const items = (): HTMLButtonElement[] => Array.from(popover.panelRef.current?.querySelectorAll<HTMLButtonElement>("[role=menuitem]") ?? []);
  const toggle = (): void => {
    setError(null);
    const opening = !popover.open;
    popover.setOpen(opening);
    // The first item takes focus once the menu is drawn.
    if (opening) requestAnimationFrame(() => items()[0]?.focus());
  };
  const onMenuKey = (event: KeyboardEvent<HTMLDivElement>): void => {
    const all = items();
    const at = all.findIndex((item) => item === document.activeElement);
    const move = (index: number) => {
      event.preventDefault();
      all[(index + all.length) % all.length]?.focus();
    };
    if (event.key === "ArrowDown") move(at + 1);
    else if (event.key === "ArrowUp") move(at - 1);
    else if (event.key === "Home") move(0);
    else if (event.key === "End") move(all.length - 1);
    else if (event.key === "Tab") popover.setOpen(false);
  };
  const choose = async (choice: DownloadChoice): Promise<void> => {
    popover.dismiss();
    setBusy(true);
    setError(null);
    const failure = await choice.run().catch(() => "The file could not be made.");
    setBusy(false);
    setError(failure === null ? null : `Download failed: ${failure}`);
  };

  return (
    <div className="nav-pop">
      <button
        ref={popover.buttonRef}
        type="button"
        className="btn btn-quiet nav-button"
        aria-haspopup="menu"
        aria-expanded={popover.open}
        aria-controls="download-menu"
        aria-busy={busy}
        onClick={toggle}
      >
        <DownloadIcon />
        <span className="nav-label">{busy ? "Preparing…" : "Download"}</span>
      </button>
      {popover.open && (
        <div ref={popover.panelRef} id="download-menu" className="nav-menu" role="menu" aria-label="Download as" onKeyDown={onMenuKey}>
          {choices.map((choice) => (
            <button key={choice.label} type="button" role="menuitem" className="nav-menu-item" tabIndex={-1} onClick={() => void choose(choice)}>
              {choice.label}
            </button>
          ))}
        </div>
      )}
      {error && (
        <div className="nav-error" role="alert">
          {error}
          <button type="button" className="link-button" onClick={() => setError(null)}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}
