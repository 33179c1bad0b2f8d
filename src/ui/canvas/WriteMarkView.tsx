/** A write mark on a canvas node: an icon and words (never colour alone), the old words, then → the new. */
import { WRITE_ICONS } from "../panels/WritesSaid";
import type { WriteMark } from "./write-marks";

export function WriteMarkView({ mark, label }: { mark: WriteMark; label: string }) {
  return (
    <div className={`write-mark write-${mark.kind}`} data-testid={`write-mark-${label}`} data-written={mark.kind}>
      <div className="write-title">
        <span aria-hidden="true">{WRITE_ICONS[mark.kind]} </span>
        {mark.title}
      </div>
      {mark.items.map((it) => (
        <div key={it.label} className="write-item">
          <span className="write-label">{it.label}</span>
          {it.words.map((w) => (
            <span key={w} className="write-words">
              {w}
            </span>
          ))}
        </div>
      ))}
      {mark.more > 0 ? <div className="write-more">and {mark.more} more</div> : null}
    </div>
  );
}
