/// <reference lib="webworker" />
/** The module Web Worker that holds the sessions (worker-api.ts). The UI reaches it only through comlink. */
import { expose } from "comlink";
import { createWorkerApi } from "./worker-api";

expose(createWorkerApi());
