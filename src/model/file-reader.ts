// The port through which the model loader reads files. Defined here, with the model, so the model needs no
// driver: drivers/files.ts is the disk's implementation, tests pass files in memory.
export interface FileReader {
  exists(path: string): boolean;
  read(path: string): string;
}
