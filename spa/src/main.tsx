// Entry point of the share viewer bundle.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import "./styles/base.css";
import "./styles/layout.css";
import "./styles/composer.css";
import "./styles/side.css";
import "./styles/screens.css";
import "./styles/rows.css";
import "./styles/tools.css";
import "./styles/tool-views.css";
import "./styles/tool-ansi.css";
import "./styles/markdown.css";
import "./styles/connect.css";
import "./styles/nav.css";

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
