/**
 * The frame around one machine of a world: its title (what the machine is), and how many of its links
 * cannot deliver. Drawn behind the machine's nodes; it takes no clicks, so the canvas pans through it.
 */
import type { Node, NodeProps } from "@xyflow/react";
import { memo } from "react";
import type { MachineFrame } from "./world-picture";

export interface MachineFrameData extends Record<string, unknown> {
  readonly frame: MachineFrame;
}
export type MachineFrameNodeType = Node<MachineFrameData, "frame">;

const KIND_WORDS: Record<MachineFrame["kind"], string> = {
  own: "this pane's machine",
  host: "the host it runs on",
  "peer-host": "NTB peer host",
};

export const MachineFrameNode = memo(function MachineFrameNode({ data }: NodeProps<MachineFrameNodeType>) {
  const { frame } = data;
  return (
    <section
      className={`machine-frame machine-frame-${frame.kind}`}
      style={{ width: frame.width, height: frame.height }}
      data-testid="machine-frame"
      data-kind={frame.kind}
      data-role={frame.role}
      data-broken={frame.broken ? String(frame.broken) : undefined}
      aria-label={`${frame.title} (${KIND_WORDS[frame.kind]})`}
    >
      <header className="machine-frame-title">
        <span className="machine-frame-name">{frame.title}</span>
        {frame.broken ? (
          <span className="machine-frame-broken">
            ✕ {frame.broken} {frame.broken === 1 ? "link" : "links"} broken
          </span>
        ) : null}
      </header>
    </section>
  );
});
