// A webpack loader for the replay test only: it rewrites the workflow source as if a patch guard had been
// removed (`patched(SKIP_REMINDERS_AFTER_DUE)` → `true`), to show that the pre-patch history then no longer
// replays; with `replacement: 'false'`, as if the code were from before the patch (a rollback). The patch id
// comes from the loader's options.
module.exports = function unguardPatch(source) {
  const { guard, replacement = 'true' } = this.getOptions();
  if (!source.includes(guard))
    throw new Error(`unguard-patch-loader: "${guard}" not found in ${this.resourcePath}`);
  return source.split(guard).join(replacement);
};
