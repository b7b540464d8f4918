"""The tablets' offline app (issue 20): the web app manifest and its icons, the service worker and the offline shell
page, and the build of the front-end code that runs in them (offline/src/, bundled by offline/build.mjs)."""
