// What timeline rows need from above: the agent's name, whether this viewer may answer permission
// requests (and how), and whether the session has ended.
import { createContext, useContext } from "react";
import type { ApiError, PermissionChoice } from "../lib/api";

export interface TimelineInfo {
  agent: string;
  ended: boolean;
  canAnswer: boolean;
  answer: (requestId: string, choice: PermissionChoice) => Promise<ApiError | null>;
}

export const TimelineContext = createContext<TimelineInfo>({
  agent: "Agent",
  ended: false,
  canAnswer: false,
  answer: () => Promise.resolve(null),
});

export function useTimeline(): TimelineInfo {
  return useContext(TimelineContext);
}
