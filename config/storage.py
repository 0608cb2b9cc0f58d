from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Compressed, cache-busted static files; `import ... from "./socket.js"` inside the
    screens' ES modules is rewritten to the hashed name too, so no file escapes cache-busting."""

    support_js_module_import_aggregation = True
