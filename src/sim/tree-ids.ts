/**
 * Ids and size of the canvas nodes: the worker's layout, an irq's path and the UI agree on them. An id
 * carries its machine (`main/domain:VECTOR`, later `host/…` and `guest0/…`), so two machines on one
 * page never share a node id or a saved fold.
 */

/**
 * Which machine of a world ids belong to: "main" for the workspace's one machine, "host"/"guest0"
 * later. A role, not a session id, so a reload or another pane on the same role finds its folds again.
 */
export type MachineRole = string;
export const MAIN_MACHINE: MachineRole = "main";

/** A node's key within its machine (`domain:NAME`, `device:NAME`): what a snapshot names it by. */
export const domainKey = (domainName: string): string => `domain:${domainName}`;
export const deviceKey = (deviceName: string): string => `device:${deviceName}`;

/** A canvas node's id: its key on `machine`. */
export const nodeId = (machine: MachineRole, key: string): string => `${machine}/${key}`;
export const domainNodeId = (machine: MachineRole, domainName: string): string =>
  nodeId(machine, domainKey(domainName));
export const deviceNodeId = (machine: MachineRole, deviceName: string): string =>
  nodeId(machine, deviceKey(deviceName));

/** The machine a node id belongs to. */
export const machineOfNode = (id: string): MachineRole => id.slice(0, Math.max(0, id.indexOf("/")));

/** A node's box on the canvas, in flow units (the CSS of .node matches). */
export const TREE_NODE_WIDTH = 220;
export const TREE_NODE_HEIGHT = 84;
