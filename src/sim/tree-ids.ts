/** Ids and size of the canvas nodes: the worker's layout, an irq's path and the UI agree on them. */
export const domainNodeId = (domainName: string): string => `domain:${domainName}`;
export const deviceNodeId = (deviceName: string): string => `device:${deviceName}`;
/** A node's box on the canvas, in flow units (the CSS of .node matches). */
export const TREE_NODE_WIDTH = 220;
export const TREE_NODE_HEIGHT = 84;
