// The page's module on every signed-in page (core/templates/base.html). The offline application replaces this file
// and adds its modules beside it (offline/src/); scripts/lib.sh ensure_frontend_build bundles it into
// /static/offline/app.js.
import { registerWorker, wireSignOut } from "./register.js";

registerWorker();
wireSignOut();
