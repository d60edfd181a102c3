// The app's mark: two hands around a heart, drawn in SVG (no image file).
export function Logo() {
  return (
    <svg class="logo" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" class="logo-bg" />
      <path class="logo-heart" d="M16 24.5s-7.5-4.6-7.5-10.1A4.3 4.3 0 0 1 16 11.7a4.3 4.3 0 0 1 7.5 2.7c0 5.5-7.5 10.1-7.5 10.1z" />
    </svg>
  );
}
