import type { ScanSource } from './types.js';
import { createLinuxScanSource } from './linux-source.js';
import { createDarwinScanSource, createWin32ScanSource } from './external-sources.js';

/** `procRoot` (Linux): where /proc is mounted; another root reads another /proc (containers, tests). */
export type SourceOptions = Readonly<{ kernel?: 'auto' | 'netlink' | 'procfs'; procRoot?: string }>;

export function createPlatformScanSource(options: SourceOptions = {}): ScanSource {
  if (process.platform === 'linux') return createLinuxScanSource(options);
  if (process.platform === 'win32') return createWin32ScanSource();
  return createDarwinScanSource();
}
