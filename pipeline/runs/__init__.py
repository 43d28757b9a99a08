"""The run machinery: guard, lock, manifest, placement of outputs, change list, run log."""
