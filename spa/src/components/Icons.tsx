// Small inline SVG icons (stroke-based, 16px grid, currentColor); decorative unless labelled.
import type { ReactNode } from "react";

function Svg({ children, size = 16 }: { children: ReactNode; size?: number }) {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

export const ChevronIcon = () => (
  <Svg>
    <path d="M6 4l4 4-4 4" />
  </Svg>
);
export const CheckIcon = () => (
  <Svg>
    <path d="M3.5 8.5l3 3 6-7" />
  </Svg>
);
export const CrossIcon = () => (
  <Svg>
    <path d="M4.5 4.5l7 7M11.5 4.5l-7 7" />
  </Svg>
);
export const LinkIcon = () => (
  <Svg>
    <path d="M6.8 9.2a3 3 0 0 0 4.2 0l2-2a3 3 0 0 0-4.2-4.2l-.7.7" />
    <path d="M9.2 6.8a3 3 0 0 0-4.2 0l-2 2a3 3 0 0 0 4.2 4.2l.7-.7" />
  </Svg>
);
export const ArrowDownIcon = () => (
  <Svg>
    <path d="M8 3v10M4 9l4 4 4-4" />
  </Svg>
);
export const SendIcon = () => (
  <Svg>
    <path d="M2.5 8h9M8 3.5L12.5 8 8 12.5" />
  </Svg>
);
export const AlertIcon = () => (
  <Svg>
    <path d="M8 2.5l6 10.5H2z" />
    <path d="M8 6.5v3M8 11.3v.2" />
  </Svg>
);
export const SparkIcon = () => (
  <Svg>
    <path d="M8 2v3M8 11v3M2 8h3M11 8h3M4 4l1.8 1.8M10.2 10.2L12 12M12 4l-1.8 1.8M5.8 10.2L4 12" />
  </Svg>
);
export const ToolIcon = () => (
  <Svg>
    <path d="M10.5 2.5a3 3 0 0 0-3.2 4L2.8 11a1.4 1.4 0 0 0 2 2l4.6-4.5a3 3 0 0 0 4-3.2l-1.8 1.8-2-.3-.3-2z" />
  </Svg>
);
export const ShieldIcon = () => (
  <Svg>
    <path d="M8 2l5 2v3.8c0 3-2.2 5.3-5 6.2-2.8-.9-5-3.2-5-6.2V4z" />
  </Svg>
);
export const QueueIcon = () => (
  <Svg>
    <path d="M3 4h10M3 8h10M3 12h6" />
  </Svg>
);
export const LayersIcon = () => (
  <Svg>
    <path d="M8 2.5l5.5 3L8 8.5 2.5 5.5z" />
    <path d="M2.5 8.5L8 11.5l5.5-3" />
  </Svg>
);
export const CopyIcon = () => (
  <Svg>
    <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
    <path d="M10.5 3.5v-.5a1 1 0 0 0-1-1h-6a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h.5" />
  </Svg>
);
export const SearchIcon = () => (
  <Svg>
    <circle cx="7" cy="7" r="4.2" />
    <path d="M10.2 10.2L13.5 13.5" />
  </Svg>
);
export const UpIcon = () => (
  <Svg>
    <path d="M4 10l4-4 4 4" />
  </Svg>
);
export const DownIcon = () => (
  <Svg>
    <path d="M4 6l4 4 4-4" />
  </Svg>
);
export const TurnsIcon = () => (
  <Svg>
    <path d="M5.5 4h8M5.5 8h8M5.5 12h8" />
    <path d="M2.5 4h.5M2.5 8h.5M2.5 12h.5" />
  </Svg>
);
export const DownloadIcon = () => (
  <Svg>
    <path d="M8 2.5v8M4.5 7.5L8 11l3.5-3.5M3 13.5h10" />
  </Svg>
);
export const CloseIcon = () => (
  <Svg>
    <path d="M4.5 4.5l7 7M11.5 4.5l-7 7" />
  </Svg>
);
