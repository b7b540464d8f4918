{% autoescape off %}// Síťař's service worker (offline/views.py ServiceWorkerView): the static files to keep offline, the shell's address,
// then the worker itself (offline/src/sw.js, library revision {{ library_revision }}).
self.SITAR_PRECACHE = {{ precache }};
self.SITAR_SHELL_URL = {{ shell_url }};
importScripts({{ library_url }});
{% endautoescape %}
