export { ENTRY_CTRL_MASKBIT, ENTRY_SIZE, EntryArray, type EntryWord } from "./entry-array";
export { HPET_Tn_CFG, HPET_Tn_CMP, HPET_Tn_ROUTE, Hpet, type HpetConfig } from "./hpet";
export { ImsDeviceArray, type ImsDeviceArrayConfig } from "./ims-device-array";
export { ImsQueueStore, type QueueIrqState } from "./ims-queue-store";
export { IoApic, type IoApicConfig, rteToMsiMsg } from "./ioapic";
export {
  type Emission,
  type MessageStore,
  type StoreKind,
  type StoreWrite,
  WHOLE_DEVICE,
} from "./message-store";
export { MsiCapability, type MsiCapabilityConfig } from "./msi-capability";
export { type BarAddress, MsixTable, type MsixTableConfig } from "./msix-table";
export { WRITE_LOG_LIMIT } from "./write-log";
