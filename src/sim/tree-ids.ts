/** Ids of the canvas nodes: the domain tree and an irq's path name them the same way. */
export const domainNodeId = (domainName: string): string => `domain:${domainName}`;
export const deviceNodeId = (deviceName: string): string => `device:${deviceName}`;
