/** What a registry backend supports. */
export interface RegistryV1Capabilities {
  /** Whether `watch` is implemented (changes made by other processes are delivered). */
  readonly watch: boolean;
  /** Whether data survives the process. */
  readonly persistent: boolean;
}
