// The Anjungan is a public machine: the browser's own keys (reload, back, zoom, print, the
// context menu, dragging and selecting) do nothing, while typing shortcuts inside a field stay.

export function lockBrowserKeys() {
  const blocked = (e) => {
    const k = e.key;
    if (/^F\d+$/.test(k)) return true;
    if (e.ctrlKey && !e.altKey && /^[a-zA-Z0-9+=_-]$/.test(k)) {
      // Typing shortcuts inside a field stay (copy/paste/undo/select all).
      return !['a', 'c', 'v', 'x', 'z', 'y'].includes(k.toLowerCase());
    }
    if (e.altKey && (k === 'ArrowLeft' || k === 'ArrowRight' || k === 'Home')) return true;
    if (['BrowserBack', 'BrowserForward', 'BrowserRefresh', 'BrowserHome', 'ContextMenu'].includes(k)) return true;
    return false;
  };
  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey && e.altKey && (e.key === 'a' || e.key === 'A')) return;
    if (blocked(e)) {
      e.preventDefault();
      e.stopPropagation();
    }
  }, true);
  for (const type of ['contextmenu', 'dragstart', 'drop', 'dragover', 'selectstart']) {
    document.addEventListener(type, (e) => {
      if (type === 'selectstart' && e.target.closest && e.target.closest('input, textarea')) return;
      e.preventDefault();
    });
  }
  document.addEventListener('wheel', (e) => { if (e.ctrlKey) e.preventDefault(); }, { passive: false });
  for (const type of ['gesturestart', 'gesturechange']) {
    document.addEventListener(type, (e) => e.preventDefault());
  }
}
