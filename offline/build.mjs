// The offline app's build (`npm run build`; scripts/lib.sh ensure_frontend_build runs it when a source is newer than
// the output). esbuild bundles the page's module and the service worker's library, with the packages pinned in
// package-lock.json, into offline/build/offline/, which Django serves as /static/offline/ (config/settings.py
// STATICFILES_DIRS). The output is not committed.
import { rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
// Only build/offline/ is replaced: the stamp of scripts/lib.sh ensure_frontend_build in build/ stays.
const out = join(here, "build", "offline");

const common = {
  bundle: true,
  minify: true,
  sourcemap: "linked",
  // The tablets' browsers: Chrome/Edge and Safari of the last few years (ES2020: optional chaining, ?? and BigInt).
  target: ["es2020"],
  // Workbox logs and checks its arguments in development builds only.
  define: { "process.env.NODE_ENV": '"production"' },
  legalComments: "linked",
  logLevel: "warning",
};

await rm(out, { recursive: true, force: true });
await Promise.all([
  // The page's module, loaded with <script type="module"> on every signed-in page (core/templates/base.html).
  build({ ...common, entryPoints: [join(here, "src", "app.js")], outfile: join(out, "app.js"), format: "esm" }),
  // Workbox and the worker's routes, for importScripts() in /sw.js (offline/templates/offline/sw.js): a classic
  // script, so that the worker works in every browser that has service workers (module workers came later to some).
  build({ ...common, entryPoints: [join(here, "src", "sw.js")], outfile: join(out, "sw-lib.js"), format: "iife" }),
]);
