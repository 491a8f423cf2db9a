// ToolInputView behind React.lazy, for rows in the first load (permission requests): the renderers
// come in their own chunk when the input is first shown.
import { lazy, Suspense } from "react";
import type { ToolInputViewProps } from "./ToolInputView";

const View = lazy(() => import("./ToolInputView").then((module) => ({ default: module.ToolInputView })));

export function LazyToolInputView(props: ToolInputViewProps) {
  return (
    <Suspense fallback={<div className="io-waiting">Loading…</div>}>
      <View {...props} />
    </Suspense>
  );
}
