import { useState } from 'react';

/**
 * The value a form control shows while the value it stands for (usually the address's query
 * string) catches up. A router navigation is a transition, so a control bound to the address
 * alone would spring back to its old value until the new address renders; this one shows what
 * the person chose at once, and follows the address whenever the address itself changes (back,
 * forward, a link, a reset).
 */
export function useShownValue<T>(value: T): [T, (chosen: T) => void] {
  const [shown, setShown] = useState(value);
  const [followed, setFollowed] = useState(value);
  if (!Object.is(followed, value)) {
    // React's "adjust state when a prop changes" pattern: no extra effect, no stale frame.
    setFollowed(value);
    setShown(value);
  }
  return [shown, setShown];
}
