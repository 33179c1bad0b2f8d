/** A link made to share: copied to the clipboard where allowed, and shown to copy by hand. */
import { useState } from "react";

export function useShareLink(): [string, (url: string | undefined) => Promise<void>] {
  const [link, setLink] = useState("");
  const share = async (url: string | undefined) => {
    if (!url) return;
    setLink(url);
    try {
      await navigator.clipboard.writeText(url);
    } catch {
      // No clipboard permission: the link is shown to copy by hand.
    }
  };
  return [link, share];
}

export function ShareLinkField({ link, label, testId }: { link: string; label: string; testId: string }) {
  return link ? (
    <input
      className="share-link"
      readOnly
      value={link}
      aria-label={label}
      data-testid={testId}
      onFocus={(e) => e.target.select()}
    />
  ) : null;
}
